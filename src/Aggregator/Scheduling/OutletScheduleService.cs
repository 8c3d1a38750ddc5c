using Aggregator.Hosting;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Keeps Quartz's jobs equal to the enabled outlets of the running configuration: at start and on
/// every reload, new outlets are scheduled, removed ones unscheduled, changed ones rescheduled.
/// </summary>
public sealed partial class OutletScheduleService(
    ISchedulerFactory schedulerFactory,
    ActiveConfig config,
    IAggregatorStore store,
    TimeProvider time,
    ILogger<OutletScheduleService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _sync = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        config.Changed += OnConfigChanged;
        await SyncAsync(stoppingToken);
    }

    public override void Dispose()
    {
        config.Changed -= OnConfigChanged;
        _sync.Dispose();
        base.Dispose();
    }

    private void OnConfigChanged(ConfigSnapshot snapshot) => _ = SyncAsync(CancellationToken.None);

    public async Task SyncAsync(CancellationToken ct)
    {
        await _sync.WaitAsync(ct);
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(ct);
            var outlets = config.Current.Config.Outlets.Where(o => o.Enabled).ToDictionary(o => o.Id);
            var states = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);

            var scheduled = await scheduler.QueryJobs(
                new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(OutletTriggers.Group), Take = PagedQuery.All }, ct);
            foreach (var existing in scheduled.Items)
            {
                if (!outlets.ContainsKey(existing.Key.Name))
                {
                    // Unscheduled only: its articles stay in the store and in the feeds.
                    await scheduler.DeleteJob(existing.Key, ct);
                }
            }
            foreach (var outlet in outlets.Values)
            {
                var trigger = OutletTriggers.Trigger(outlet, states.GetValueOrDefault(outlet.Id)?.NextDue, time);
                await scheduler.ScheduleJob(OutletTriggers.Job(outlet), trigger, ScheduleJobOptions.Replacing, ct);
            }
            LogScheduled(outlets.Count);
        }
        finally
        {
            _sync.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Count} outlets")]
    private partial void LogScheduled(int count);
}
