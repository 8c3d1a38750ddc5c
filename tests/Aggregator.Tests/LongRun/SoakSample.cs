namespace Aggregator.Tests.LongRun;

/// <summary>The figures of a soaking worker after one round: what must stop growing once retention has caught up.</summary>
/// <param name="Rows">Rows of every table in the database, by table name (search index and its shadow tables included).</param>
/// <param name="ManagedBytes">The managed heap after a full, compacting collection: what the worker keeps alive.</param>
/// <param name="MetricSeries">Lines of /metrics that are samples (not comments).</param>
/// <param name="OutletsInMetrics">Every outlet a /metrics series names.</param>
/// <param name="Jobs">Quartz jobs, every group.</param>
/// <param name="LogLines">Lines logged since start, at Information and above.</param>
internal sealed record SoakSample(
    int Round, long DatabaseBytes, long WalBytes, IReadOnlyDictionary<string, long> Rows,
    IReadOnlyDictionary<string, long> ArticlesByOutlet, int FileDescriptors, int Threads,
    long ManagedBytes, int MetricSeries, IReadOnlySet<string> OutletsInMetrics, int Jobs, long LogLines, long LogBytes);
