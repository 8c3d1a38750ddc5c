using Aggregator.Store;

namespace Aggregator.Topics;

/// <summary>Keeps stored topic memberships in step with the topic rules of the running configuration.</summary>
public static class TopicMemberships
{
    private const string HashKey = "topics-hash";

    /// <returns>True when the rules had changed and every article was re-matched.</returns>
    /// <param name="rulesHash">A digest of the rules <paramref name="matcher"/> was compiled from.</param>
    public static async Task<bool> SyncAsync(IAggregatorStore store, TopicMatcher matcher, string rulesHash, CancellationToken ct)
    {
        if (await store.GetSettingAsync(HashKey, ct) == rulesHash)
        {
            return false;
        }
        await store.RebuildTopicsAsync(matcher.Match, ct);
        await store.SetSettingAsync(HashKey, rulesHash, ct);
        return true;
    }
}
