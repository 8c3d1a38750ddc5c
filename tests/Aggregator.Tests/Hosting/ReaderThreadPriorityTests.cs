using Aggregator.Hosting;
using Aggregator.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// Issue 23: a thread born of a lowered ingest thread (as a pool worker the pool starts from one) inherits its
/// policy on Linux; the request pipeline puts it back at the worker's before the request runs.
/// </summary>
public sealed class ReaderThreadPriorityTests
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;
    private const int SchedIdle = 5;

    [Theory]
    [InlineData("batch", SchedBatch)]
    [InlineData("idle", SchedIdle)]
    public async Task IngestThreads_RunAtTheConfiguredPolicy(string setting, int expected)
    {
        using var scheduler = new IngestTaskScheduler(2, IngestPriority.TryParse(setting, out _));

        var seen = await scheduler.RunAsync(async () =>
        {
            var first = ThreadScheduling.CurrentThreadPolicy();
            await Task.Yield();
            return (first, ThreadScheduling.CurrentThreadPolicy());
        }, CancellationToken.None);

        Assert.Equal((expected, expected), seen);
        // The test's own threads are untouched: only the ingest threads were lowered.
        Assert.Equal(SchedOther, ThreadScheduling.CurrentThreadPolicy());
    }

    [Fact]
    public async Task Request_OnAThreadStartedByALoweredIngestThread_RunsAtTheWorkersPriority()
    {
        // batch+5: a thread started from an ingest thread inherits at least the nice value (Linux copies it at clone;
        // the runtime may reset the policy of a thread it starts, never the nice value).
        using var scheduler = new IngestTaskScheduler(1, new IngestPriority(IngestPolicy.Batch, 5));
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseReaderThreadPriority();
        var inRequest = new List<(int Policy, int Nice)>();
        app.Run(_ =>
        {
            inRequest.Add((ThreadScheduling.CurrentThreadPolicy(), ThreadScheduling.CurrentThreadNice()));
            return Task.CompletedTask;
        });
        var pipeline = app.Build();
        var worker = (Policy: ThreadScheduling.CurrentThreadPolicy(), Nice: ThreadScheduling.WorkerNice());

        var (ingest, born) = await scheduler.RunAsync(() =>
        {
            var bornWith = (Policy: -1, Nice: -1);
            // What the pool does when an ingest thread asks it for a worker: the new thread is started from here.
            var reader = new Thread(() =>
            {
                bornWith = (ThreadScheduling.CurrentThreadPolicy(), ThreadScheduling.CurrentThreadNice());
                pipeline(new DefaultHttpContext()).GetAwaiter().GetResult();
                pipeline(new DefaultHttpContext()).GetAwaiter().GetResult();
            });
            reader.Start();
            reader.Join();
            return Task.FromResult(((ThreadScheduling.CurrentThreadPolicy(), ThreadScheduling.CurrentThreadNice()), bornWith));
        }, CancellationToken.None);

        Assert.Equal((SchedBatch, Math.Min(19, worker.Nice + 5)), ingest);
        Assert.Equal(Math.Min(19, worker.Nice + 5), born.Nice);
        Assert.Equal([worker, worker], inRequest);
    }
}
