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

    /// <summary>Named exclusive sections (<see cref="IAggregatorStore.ExclusiveAsync"/>) hash into this range.</summary>
    public const long NamedBase = 0x414747_1000;
}
