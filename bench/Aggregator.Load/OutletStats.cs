namespace Aggregator.Load;

/// <summary>What the outlet server saw in one round; counters are updated with Interlocked.</summary>
internal sealed class OutletStats
{
    public long Requests;
    public long Conditional;
    public long NotModified;
    public long Full;
    public long Errors;
    public long Hung;
    public long BytesSent;
    /// <summary>Entries in the bodies answered in full: what the worker read, seen before or not.</summary>
    public long EntriesSent;
    /// <summary>Stopwatch timestamp of the round's first request; 0 before it.</summary>
    public long FirstRequestAt;

    public override string ToString() =>
        $"requests={Requests} conditional={Conditional} 304={NotModified} 200={Full} 500={Errors} hung={Hung} bytes={BytesSent} entries={EntriesSent}";
}
