using Aggregator.Hosting;
using Aggregator.Store;

namespace Aggregator.Topics;

/// <summary>Keeps stored topic memberships in step with the topic rules of the running configuration.</summary>
public static class TopicMemberships
{
    private const string HashKey = "topics-hash";

    /// <returns>True when the rules had changed and every article was re-matched.</returns>
    public static async Task<bool> SyncAsync(IAggregatorStore store, ConfigSnapshot snapshot, CancellationToken ct)
    {
        if (await store.GetSettingAsync(HashKey, ct) == snapshot.TopicsHash)
        {
            return false;
        }
        await store.RebuildTopicsAsync(snapshot.Matcher.Match, ct);
        await store.SetSettingAsync(HashKey, snapshot.TopicsHash, ct);
        return true;
    }
}
