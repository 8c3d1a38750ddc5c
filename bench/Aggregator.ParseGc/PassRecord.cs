namespace Aggregator.ParseGc;

/// <summary>
/// One timed pass over a run of feeds: this thread's processor time and minor faults in all and per block of feeds, the
/// collections met (each with its generation, promoted bytes and pause), and the bytes allocated.
/// </summary>
internal sealed class PassRecord
{
    private PassRecord(string side, int feeds, int block)
    {
        Side = side;
        Feeds = feeds;
        BlockUs = new double[(feeds + block - 1) / block];
        FeedNs = new long[feeds];
        FeedCollection = new int[feeds];
    }

    public string Side { get; }
    public int Feeds { get; }
    public ThreadTimes Times { get; private set; }
    public long Bytes { get; private set; }
    public double[] BlockUs { get; }
    public List<GcSeen> Collections { get; } = [];
    /// <summary>Processor time of each feed, and the oldest generation a collection in it reached (-1: none).</summary>
    public long[] FeedNs { get; }
    public int[] FeedCollection { get; }
    /// <summary>With --nepotism: what a young collection induced right after a feed that met one promoted.</summary>
    public List<long> AfterFeedPromoted { get; } = [];
    /// <summary>Collections the per-feed look missed (two in one feed); their pauses are in <see cref="PauseMs"/> still.</summary>
    public int Missed { get; private set; }
    /// <summary>Wall time of the collections' pauses: on a busy machine it includes waiting for a core.</summary>
    public double PauseMs { get; private set; }

    public int Count(int generation) => Collections.Count(c => c.Generation == generation);
    public long Promoted => Collections.Sum(c => c.PromotedBytes);

    public static PassRecord Time(string side, List<(byte[] Body, string Type)> feeds, Options options, Action<(byte[] Body, string Type)> read)
    {
        if (options.Before == "full")
        {
            GC.Collect();
        }
        var record = new PassRecord(side, feeds.Count, options.Block);
        var lastIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var pauseBefore = GC.GetTotalPauseDuration();
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var countBefore = GC.CollectionCount(0);
        var started = ThreadClock.Now();
        var blockStarted = started;
        for (var i = 0; i < feeds.Count; i++)
        {
            var feedStarted = ThreadClock.Now();
            read(feeds[i]);
            record.FeedNs[i] = (ThreadClock.Now() - feedStarted).CpuNs;
            record.FeedCollection[i] = -1;
            if (GcSeen.Since(lastIndex, i) is { } seen)
            {
                record.Collections.Add(seen);
                record.FeedCollection[i] = seen.Generation;
                lastIndex = seen.Index;
                if (options.Nepotism)
                {
                    // The feed is garbage now: what a young collection still finds alive is kept only by what the
                    // collection in the feed promoted (its cards), or by something the reader keeps between feeds.
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                    var after = GC.GetGCMemoryInfo(GCKind.Any);
                    record.AfterFeedPromoted.Add(after.PromotedBytes);
                    lastIndex = after.Index;
                }
            }
            if ((i + 1) % options.Block == 0 || i == feeds.Count - 1)
            {
                var now = ThreadClock.Now();
                record.BlockUs[i / options.Block] = (now - blockStarted).Us;
                blockStarted = now;
            }
        }
        record.Times = ThreadClock.Now() - started;
        record.Bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        record.PauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        record.Missed = GC.CollectionCount(0) - countBefore - record.Collections.Count;
        return record;
    }
}
