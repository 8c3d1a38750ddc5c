using Aggregator.Scheduling;

namespace Aggregator.Tests.Scheduling;

/// <summary>Issue 23: a round's ingest runs on threads of its own, awaits included, never on the pool where requests run.</summary>
public sealed class IngestTaskSchedulerTests
{
    [Fact]
    public async Task RunAsync_WorkAndWhatItAwaits_RunOnIngestThreadsNotThePool()
    {
        using var scheduler = new IngestTaskScheduler(2);

        var seen = await scheduler.RunAsync(async () =>
        {
            var first = (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
            // A timer thread completes the delay: the rest must still come back to an ingest thread.
            await Task.Delay(1);
            var afterTimer = (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
            await Task.Yield();
            return (first, afterTimer, (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread), TaskScheduler.Current);
        }, CancellationToken.None);

        foreach (var (name, onPool) in new[] { seen.first, seen.afterTimer, seen.Item3 })
        {
            Assert.StartsWith("ingest ", name, StringComparison.Ordinal);
            Assert.False(onPool);
        }
        Assert.Same(scheduler, seen.Item4);
    }

    [Fact]
    public async Task RunAsync_IngestThreadsAllBusy_PoolWorkStillRuns()
    {
        using var scheduler = new IngestTaskScheduler(2);
        using var release = new ManualResetEventSlim();
        var busy = Enumerable.Range(0, 2).Select(_ => scheduler.RunAsync(() => { release.Wait(); return Task.CompletedTask; }, CancellationToken.None)).ToArray();

        // What a request would do: it does not wait for a poll to give up its thread.
        Assert.Equal(7, await Task.Run(() => 7));

        release.Set();
        await Task.WhenAll(busy);
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
