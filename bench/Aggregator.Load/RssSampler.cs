namespace Aggregator.Load;

/// <summary>Reads a child's VmHWM every 100 ms, so a peak is known even after the child has exited.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private double _peakMb;

    public RssSampler(ChildProcess child) => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested && !child.HasExited)
        {
            Sample(child);
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    });

    public double PeakMb => Volatile.Read(ref _peakMb);

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the child to exit, sampling it meanwhile; returns its peak RSS in MB and
    /// whether it had to be stopped at the limit.
    /// </summary>
    public static async Task<(double PeakMb, bool StoppedAtLimit)> WaitForExitAsync(ChildProcess child, TimeSpan limit, CancellationToken ct)
    {
        await using var sampler = new RssSampler(child);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(limit);
        try
        {
            await child.WaitForExitAsync(bounded.Token);
            return (sampler.PeakMb, false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Under a heavy load a 2,000-outlet poll can outlast the limit. Throwing here ended the harness and lost
            // the run; a `poll` stopped as systemd stops it keeps what it committed, so its per-1,000 figures still hold.
            await child.StopAsync(TimeSpan.FromSeconds(30));
            return (sampler.PeakMb, true);
        }
    }

    /// <summary>The child's CPU seconds at the last reading: for a child that has exited, about its total.</summary>
    public double CpuSeconds { get; private set; }

    /// <summary>Takes one reading now (call before stopping a child to catch its latest peak).</summary>
    public void Sample(ChildProcess child)
    {
        var cpu = child.CpuSeconds();
        if (cpu > 0)
        {
            CpuSeconds = cpu;
        }
        var now = child.PeakRssMb();
        if (now > Volatile.Read(ref _peakMb))
        {
            Volatile.Write(ref _peakMb, now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
