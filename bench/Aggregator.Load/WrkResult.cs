namespace Aggregator.Load;

/// <summary>What one wrk run measured; latencies in milliseconds.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long NonSuccess, string Raw);
