using Aggregator.Scheduling;

namespace Aggregator.Tests.Scheduling;

/// <summary>Issue 23: a round's ingest runs below the readers' priority, awaits included.</summary>
public sealed class IngestTaskSchedulerTests
{
    [Fact]
    public async Task RunAsync_WorkAndWhatItAwaits_RunOnIngestThreadsBelowTheCallersPriority()
    {
        using var scheduler = new IngestTaskScheduler(2);
        var caller = ThreadNice.OfCurrentThread();
        Assert.NotNull(caller);

        var seen = await scheduler.RunAsync(async () =>
        {
            var first = (Thread.CurrentThread.Name, ThreadNice.OfCurrentThread());
            // A timer thread completes the delay: the rest must still come back to an ingest thread.
            await Task.Delay(1);
            var afterTimer = (Thread.CurrentThread.Name, ThreadNice.OfCurrentThread());
            await Task.Yield();
            return (first, afterTimer, (Thread.CurrentThread.Name, ThreadNice.OfCurrentThread()), TaskScheduler.Current);
        }, CancellationToken.None);

        var lowered = Math.Min(19, caller.Value + IngestTaskScheduler.NiceSteps);
        Assert.True(scheduler.Lowered);
        foreach (var (name, nice) in new[] { seen.first, seen.afterTimer, seen.Item3 })
        {
            Assert.StartsWith("ingest ", name, StringComparison.Ordinal);
            Assert.Equal(lowered, nice);
        }
        Assert.Same(scheduler, seen.Item4);
        // The lowering is the ingest threads' own: the pool's threads, where requests run, keep their priority.
        Assert.Equal(caller, await Task.Run(ThreadNice.OfCurrentThread));
    }

    [Fact]
    public async Task RunAsync_AfterDispose_StillRunsTheWork()
    {
        var scheduler = new IngestTaskScheduler(1);
        scheduler.Dispose();

        // A poll finishing during shutdown must end, not hang Quartz's wait for its jobs.
        Assert.Equal(42, await scheduler.RunAsync(() => Task.FromResult(42), CancellationToken.None));
    }
}
