using System.Collections.Concurrent;

namespace Aggregator.Store;

/// <summary>
/// Outlets whose articles from before the backlog were queued by this process (<see cref="BacklogIngest.TakeDueAsync"/>):
/// once is enough, since every article stored since is queued with its poll. An outlet counts once that
/// transaction commits.
/// </summary>
internal sealed class BackfilledOutlets
{
    private readonly ConcurrentDictionary<string, bool> _outlets = new(StringComparer.Ordinal);

    public bool Contains(string outletId) => _outlets.ContainsKey(outletId);

    public void Committed(string outletId) => _outlets[outletId] = true;
}
