using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Puts the retention job in the job store once: in memory at every start (SQLite), or in the cluster's
/// shared store by whichever worker gets there first (PostgreSQL), the others finding it there and leaving
/// its next firing alone.
/// </summary>
public sealed partial class PruneScheduleService(
    ISchedulerFactory schedulerFactory, IAggregatorStore store, TimeProvider time, ILogger<PruneScheduleService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await using (await store.ExclusiveAsync("schedule", stoppingToken))
                {
                    var scheduler = await schedulerFactory.GetScheduler(stoppingToken);
                    if (!await scheduler.Exists(PruneJob.Key, stoppingToken))
                    {
                        await scheduler.ScheduleJob(PruneJob.Job(), PruneJob.Trigger(time), new ScheduleJobOptions(), stoppingToken);
                    }
                }
                return;
            }
            catch (Exception e) when (e is StoreException or SchedulerException)
            {
                LogScheduleFailed(e.Message.ReplaceLineEndings(" "));
            }
            await Task.Delay(RetryAfter, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not schedule retention, trying again: {Reason}")]
    private partial void LogScheduleFailed(string reason);
}
