using Aggregator.Scheduling;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Aggregator.Tests.Scheduling;

/// <summary>
/// Issue 23: `run` keeps as many polls in progress as `poll` does. A poll holds its scheduler slot until the store has
/// committed it, and the store commits the polls waiting for its writer together, so with Quartz's default of 10 slots
/// a round's commits held 10 polls at most and wrote three times the bytes per article of a cold `poll`.
/// </summary>
public sealed class SchedulerConcurrencyTests
{
    [Fact]
    public async Task Scheduler_AsTheWorkerSetsItUp_RunsAsManyJobsAtOnceAsPollDoes()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<HeldJobs>();
        services.AddQuartz(quartz => SchedulerSetup.Configure(quartz, StoreLocation.Sqlite));
        await using var provider = services.BuildServiceProvider();
        var held = provider.GetRequiredService<HeldJobs>();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        try
        {
            const int Jobs = SchedulerSetup.OutletsAtOnce + 6;
            for (var i = 0; i < Jobs; i++)
            {
                var job = JobBuilder.Create<HeldJob>().WithIdentity($"outlet-{i}").Build();
                await scheduler.ScheduleJob(job, TriggerBuilder.Create().StartNow().Build());
            }

            // Every job waits for the release, as a poll waits for the store's commit: only the slots' worth can start.
            var started = await held.WaitForAsync(SchedulerSetup.OutletsAtOnce, TimeSpan.FromSeconds(60));
            Assert.True(started, $"{held.Running} jobs running at once, {SchedulerSetup.OutletsAtOnce} expected");
            Assert.Equal(SchedulerSetup.OutletsAtOnce, held.Running);
            held.Release.TrySetResult();
            Assert.True(await held.WaitForFinishedAsync(Jobs, TimeSpan.FromSeconds(60)), $"{held.Finished} of {Jobs} jobs finished");
        }
        finally
        {
            held.Release.TrySetResult();
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    private sealed class HeldJobs
    {
        private int _running;
        private int _finished;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Running => Volatile.Read(ref _running);

        public int Finished => Volatile.Read(ref _finished);

        public void Started() => Interlocked.Increment(ref _running);

        public void Ended()
        {
            Interlocked.Decrement(ref _running);
            Interlocked.Increment(ref _finished);
        }

        public Task<bool> WaitForAsync(int running, TimeSpan limit) => UntilAsync(() => Running >= running, limit);

        public Task<bool> WaitForFinishedAsync(int finished, TimeSpan limit) => UntilAsync(() => Finished >= finished, limit);

        private static async Task<bool> UntilAsync(Func<bool> done, TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            while (!done())
            {
                if (timeout.IsCancellationRequested)
                {
                    return false;
                }
                await Task.Delay(20, CancellationToken.None);
            }
            return true;
        }
    }

    private sealed class HeldJob(HeldJobs held) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            held.Started();
            try
            {
                await held.Release.Task;
            }
            finally
            {
                held.Ended();
            }
        }
    }
}
