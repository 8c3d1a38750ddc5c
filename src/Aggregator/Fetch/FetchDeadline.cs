namespace Aggregator.Fetch;

/// <summary>
/// The total time one fetch may take, as a token that trips when it runs out, with a pause for
/// the moments the fetch waits on us rather than on the server (queued for a download slot). The
/// timeout judges the server; counting our own queue against it would fail a healthy outlet
/// because others were downloading, and back it off for it.
/// </summary>
internal sealed class FetchDeadline : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly TimeProvider timeProvider;
    private TimeSpan left;
    private long runningSince;

    public FetchDeadline(TimeSpan allowance, TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        left = allowance;
        runningSince = timeProvider.GetTimestamp();
        source = new CancellationTokenSource(allowance, timeProvider);
    }

    public CancellationToken Token => source.Token;

    public bool HasExpired => source.IsCancellationRequested;

    /// <summary>Stops the clock; what is left stays for <see cref="Resume"/>. An expiry that already happened stands.</summary>
    public void Pause()
    {
        left -= timeProvider.GetElapsedTime(runningSince);
        source.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the clock again with what was left when it was paused.</summary>
    public void Resume()
    {
        runningSince = timeProvider.GetTimestamp();
        source.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    public void Dispose() => source.Dispose();
}
