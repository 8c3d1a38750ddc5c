using System.Collections.Concurrent;
using Quartz;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Every firing of the worker's Quartz scheduler that has run to its end, so a test on a fake clock knows a round is over:
/// a trigger's last firing finished and none is due. Asked of the scheduler alone, "no job executing" is true for a moment
/// between a trigger's firing (its next time already moved on) and its job's start.
/// </summary>
internal sealed class FinishedFirings : IJobListener
{
    private readonly ConcurrentDictionary<(TriggerKey, DateTimeOffset), bool> _finished = new();
    private readonly IScheduler _scheduler;
    private readonly DateTimeOffset _since;

    private FinishedFirings(IScheduler scheduler, DateTimeOffset since) => (_scheduler, _since) = (scheduler, since);

    public string Name => nameof(FinishedFirings);

    /// <param name="since">The worker's time now: firings before it (the retention job's first, at start) are not waited for.</param>
    public static async Task<FinishedFirings> ListenAsync(IServiceProvider services, DateTimeOffset since)
    {
        var scheduler = await ((ISchedulerFactory)services.GetService(typeof(ISchedulerFactory))!).GetScheduler();
        var listener = new FinishedFirings(scheduler, since);
        scheduler.ListenerManager.AddJobListener(listener);
        return listener;
    }

    /// <summary>True when every trigger's last firing has finished and none is due at <paramref name="now"/>.</summary>
    public async Task<bool> QuietAtAsync(DateTimeOffset now) => await BusyAtAsync(now) is null;

    /// <summary>What keeps the scheduler busy at <paramref name="now"/>, or null when it is quiet.</summary>
    public async Task<string?> BusyAtAsync(DateTimeOffset now)
    {
        if ((await _scheduler.GetMetadata()).LocalExecutingJobs is > 0 and var running)
        {
            return $"{running} jobs running";
        }
        foreach (var key in await _scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup()))
        {
            if (await _scheduler.GetTrigger(key) is not { } trigger)
            {
                continue;
            }
            if (trigger.NextFireTimeUtc <= now)
            {
                return $"{key} due at {trigger.NextFireTimeUtc:O}";
            }
            if (trigger.PreviousFireTimeUtc is { } previous && previous >= _since && !_finished.ContainsKey((key, previous)))
            {
                return $"{key} fired at {previous:O}, not finished";
            }
        }
        return null;
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        // Keyed as the scheduler keeps the trigger after this firing: a misfired trigger fires later than it was scheduled.
        if (context.Trigger.PreviousFireTimeUtc is { } fired)
        {
            _finished[(context.Trigger.Key, fired)] = true;
        }
        return ValueTask.CompletedTask;
    }
}
