namespace Aggregator.ParseGc;

/// <summary>One collection as <see cref="GC.GetGCMemoryInfo(GCKind)"/> tells it, read after the feed it landed in.</summary>
internal readonly record struct GcSeen(int Feed, long Index, int Generation, long PromotedBytes, double PauseMs,
    long Gen0Budget, long Gen1After, long Gen2After)
{
    /// <summary>The collection since <paramref name="lastIndex"/>, if one happened; at most one per feed is seen.</summary>
    public static GcSeen? Since(long lastIndex, int feed)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index == lastIndex)
        {
            return null;
        }
        var generations = info.GenerationInfo;
        return new GcSeen(feed, info.Index, info.Generation, info.PromotedBytes, info.PauseDurations[0].TotalMilliseconds,
            generations[0].SizeBeforeBytes, generations[1].SizeAfterBytes, generations[2].SizeAfterBytes);
    }
}
