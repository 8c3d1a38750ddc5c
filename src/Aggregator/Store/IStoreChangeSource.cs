namespace Aggregator.Store;

/// <summary>
/// A store that several processes share tells each of them when another one changed what the
/// feeds show, so rendered feeds everywhere are dropped on the same change.
/// </summary>
public interface IStoreChangeSource
{
    /// <summary>Calls <paramref name="changed"/> on every change stored by any process, until cancelled; also after a lost connection, when changes may have been missed.</summary>
    Task ListenAsync(Action changed, CancellationToken ct);
}
