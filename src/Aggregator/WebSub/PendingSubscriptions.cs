using System.Collections.Concurrent;

namespace Aggregator.WebSub;

/// <summary>Subscription requests sent to hubs and not yet confirmed by their intent-verification GET.</summary>
public sealed class PendingSubscriptions
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <param name="Refused">The hub refused the request (or could not be asked): no verification is to be expected.</param>
    /// <param name="Hub">The hub asked, and the callback's base it was given: a new hub or a new base is asked at once.</param>
    public sealed record Pending(Uri Topic, string Secret, DateTimeOffset RequestedAt, bool Refused = false, Uri? Hub = null, Uri? PublicUrl = null);

    public void Add(string outletId, Pending pending) => _pending[outletId] = pending;

    /// <summary>
    /// The request a verification is for, if it came to that request's own callback (its token) and
    /// names the topic we asked about; it is consumed. A third party knows neither token nor secret.
    /// </summary>
    public Pending? Confirm(string outletId, string? token, string? topic) =>
        _pending.TryGetValue(outletId, out var pending) && topic is not null && CallbackToken.Matches(token, pending.Secret)
            && Uri.TryCreate(topic, UriKind.Absolute, out var uri) && uri == pending.Topic
            && _pending.TryRemove(KeyValuePair.Create(outletId, pending))
            ? pending
            : null;

    /// <summary>The last request for the outlet that no verification has confirmed yet, if any.</summary>
    public Pending? Unconfirmed(string outletId) => _pending.GetValueOrDefault(outletId);

    /// <summary>Requests waiting for a verification.</summary>
    public int Count => _pending.Count;

    /// <summary>Forgets the requests of outlets not named: their verification is refused when it comes.</summary>
    public void KeepOnly(Func<string, bool> isConfigured)
    {
        // Enumerated as it is, not through Keys (a locked copy): this runs after every poll, and is most often empty.
        foreach (var (outletId, _) in _pending)
        {
            if (!isConfigured(outletId))
            {
                _pending.TryRemove(outletId, out _);
            }
        }
    }
}
