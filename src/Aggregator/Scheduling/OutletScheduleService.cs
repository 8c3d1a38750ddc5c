using Aggregator.Model;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Keeps Quartz's jobs equal to the enabled outlets of the running configuration: at start and on
/// every reload, new outlets are scheduled, removed ones unscheduled, changed ones rescheduled, and
/// unchanged ones left alone (their next firing stays where it was). Workers sharing a clustered
/// job store reconcile one at a time, each against what the previous one left, so two starting
/// together neither duplicate nor reset each other's triggers.
/// </summary>
public sealed partial class OutletScheduleService(
    ISchedulerFactory schedulerFactory,
    IOutletCatalog catalog,
    IAggregatorStore store,
    TimeProvider time,
    StartWindow startWindow,
    ILogger<OutletScheduleService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _sync = new(1, 1);

    /// <summary>How long to wait before trying again when the job store could not be reconciled (a database restarting).</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        catalog.OutletsChanged += OnOutletsChanged;
        // A shared database that is briefly away at start must not take the worker down with it.
        while (!await TrySyncAsync(stoppingToken))
        {
            await Task.Delay(RetryAfter, time, stoppingToken);
        }
    }

    public override void Dispose()
    {
        catalog.OutletsChanged -= OnOutletsChanged;
        _sync.Dispose();
        base.Dispose();
    }

    private void OnOutletsChanged() => _ = TrySyncAsync(CancellationToken.None);

    private async Task<bool> TrySyncAsync(CancellationToken ct)
    {
        try
        {
            await SyncAsync(ct);
            return true;
        }
        catch (Exception e) when (e is StoreException or SchedulerException)
        {
            LogSyncFailed(e.Message.ReplaceLineEndings(" "));
            return false;
        }
    }

    public async Task SyncAsync(CancellationToken ct)
    {
        await _sync.WaitAsync(ct);
        try
        {
            await using var exclusive = await store.ExclusiveAsync("schedule", ct);
            var scheduler = await schedulerFactory.GetScheduler(ct);
            var outlets = catalog.Outlets.Where(o => o.Enabled).ToDictionary(o => o.Id);
            var states = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);

            var scheduled = await scheduler.QueryJobs(
                new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(OutletTriggers.Group), Take = PagedQuery.All }, ct);
            // Unscheduled only: their articles stay in the store and in the feeds.
            var removed = scheduled.Items.Select(j => j.Key).Where(key => !outlets.ContainsKey(key.Name)).ToList();
            if (removed.Count > 0)
            {
                await scheduler.DeleteJobs(removed, ct);
            }

            // One round trip for what is there and one for what changes, whatever the number of outlets. A trigger that
            // already fires on its outlet's schedule is left alone; its job exists with it (the store keeps no trigger
            // without its job).
            var existing = (await scheduler.GetTriggers(outlets.Keys.Select(id => new TriggerKey(id, OutletTriggers.Group)).ToList(), ct))
                .ToDictionary(t => t.Key.Name, StringComparer.Ordinal);
            var changed = outlets.Values
                .Where(outlet => !(existing.TryGetValue(outlet.Id, out var trigger) && OutletTriggers.FiresOnScheduleOf(trigger, outlet)))
                .ToDictionary(OutletTriggers.Job, outlet => (IReadOnlyCollection<ITrigger>)
                    [OutletTriggers.Trigger(outlet, states.GetValueOrDefault(outlet.Id)?.NextDue, time, startWindow)]);
            if (changed.Count > 0)
            {
                await scheduler.ScheduleJobs(changed, ScheduleJobOptions.Replacing, ct);
            }
            LogScheduled(outlets.Count, changed.Count);
        }
        finally
        {
            _sync.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Count} outlets ({Changed} new or changed)")]
    private partial void LogScheduled(int count, int changed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not schedule the outlets, trying again: {Reason}")]
    private partial void LogSyncFailed(string reason);
}
