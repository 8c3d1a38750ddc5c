namespace Aggregator.Dedup;

/// <summary>What a poll's entry is to its outlet's stored articles: the exact-duplicate decision.</summary>
internal enum ArticleFate
{
    /// <summary>Not stored yet: inserted, into a cluster of its own or another outlet's copy.</summary>
    New,
    /// <summary>Stored, and a reader would see a difference: updated in place, keeping id and cluster.</summary>
    Changed,
    /// <summary>Stored exactly so: nothing is written.</summary>
    Unchanged,
    /// <summary>A pushed version dated before the stored one: a replay, refused.</summary>
    Stale,
}
