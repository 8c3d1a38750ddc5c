namespace Aggregator.Store.Postgres;

/// <summary>
/// The keys of the PostgreSQL advisory locks the workers share. Arbitrary but fixed numbers
/// ("AGG" and a step), distinct from anything Quartz takes (it locks rows of QRTZ_LOCKS instead).
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Schema migrations: one worker at a time.</summary>
    public const long Migrate = 0x414747_0001;

    /// <summary>Writing articles: which cluster a new article joins is decided one poll at a time, cluster-wide.</summary>
    public const long Ingest = 0x414747_0002;

    /// <summary>
    /// The key of a named exclusive section (<see cref="IAggregatorStore.ExclusiveAsync"/>): FNV-1a
    /// over the name, 64 bits, so thousands of outlets' sections practically never share a key
    /// (and never the small constants above). Stable across processes, unlike string.GetHashCode.
    /// </summary>
    public static long Named(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return (long)(hash | (1UL << 62)) & long.MaxValue;
    }
}
