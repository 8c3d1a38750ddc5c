using Aggregator.Model;
using Quartz;
using Quartz.Impl.Triggers;

namespace Aggregator.Scheduling;

/// <summary>Builds each outlet's job and trigger from feeds.json and its stored state.</summary>
public static class OutletTriggers
{
    public const string Group = "outlets";

    /// <summary>The group of the one-off firings at the end of a hold (<see cref="HoldEnd"/>), apart from the outlets' beats.</summary>
    public const string HoldGroup = "outlet-holds";

    /// <summary>
    /// One job type for every outlet's job: built per job, each carried its own lazily resolved type (four objects a job,
    /// ~0.2 KB, all kept by the job store for as long as the worker runs).
    /// </summary>
    private static readonly JobType PollJobType = new(typeof(PollOutletJob));

    /// <summary>
    /// The outlet's job: its key names the outlet, and it carries no data. The schedule lives in the trigger alone
    /// (<see cref="FiresOnScheduleOf"/>); a data map per job was a dictionary of 0.6 KB, 2,000 of them kept from start-up
    /// on by the job store, most of what start-up promoted into gen2 (issue 23, bench/alloc-profile.md).
    /// </summary>
    public static IJobDetail Job(Outlet outlet) =>
        JobBuilder.Create<PollOutletJob>()
            .OfType(PollJobType)
            .WithIdentity(outlet.Id, Group)
            .DisallowConcurrentExecution(true)
            .Build();

    /// <summary>
    /// Whether a trigger the job store holds already fires on the outlet's schedule, as <see cref="Trigger"/> would build it,
    /// so a reconcile leaves it (and its next firing) alone; anything else about an outlet is read from the configuration
    /// at each firing.
    /// </summary>
    public static bool FiresOnScheduleOf(ITrigger trigger, Outlet outlet) => outlet.Cron is { } cron
        ? trigger is ICronTrigger cronTrigger && cronTrigger.CronExpressionString == cron
        : trigger is ISimpleTrigger simple && simple.RepeatInterval == outlet.Interval
            && simple.RepeatCount == SimpleTriggerImpl.RepeatIndefinitely && simple.MisfireThreshold == MisfireThreshold(outlet);

    private static TimeSpan MisfireThreshold(Outlet outlet) => outlet.Interval / 2;

    public static ITrigger Trigger(Outlet outlet, DateTimeOffset? nextDue, TimeProvider time, StartWindow? window = null)
    {
        var builder = TriggerBuilder.Create(time)
            .WithIdentity(outlet.Id, Group)
            .ForJob(outlet.Id, Group)
            .StartAt(FirstFire(outlet, nextDue, time.GetUtcNow(), window));
        return outlet.Cron is { } cron
            // After downtime a cron outlet fires once, then keeps its calendar.
            ? builder.WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)).Build()
            // After a sleep, a restart or a dead worker's polls being taken over, missed firings
            // collapse into one run now, not a burst: a firing later than half the interval counts
            // as missed (Quartz's default of 60 s would replay every firing of a short interval).
            : builder.WithMisfireThreshold(MisfireThreshold(outlet))
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(outlet.Interval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
                .Build();
    }

    /// <summary>
    /// One firing of the outlet's job when the wait its host, rate group or robots.txt asked for ends: a held poll is
    /// tried again then, neither before (the fetcher would hold it again) nor only at the next beat of its interval.
    /// One per outlet: a later hold replaces it.
    /// </summary>
    public static ITrigger HoldEnd(string outletId, DateTimeOffset at, TimeProvider time) =>
        TriggerBuilder.Create(time)
            .WithIdentity(outletId, HoldGroup)
            .ForJob(outletId, Group)
            .StartAt(at)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

    /// <summary>
    /// Due outlets start soon, each at its own offset inside the start window (stable per id; <see cref="StartWindow.Default"/>
    /// unless given), so hundreds with the same interval do not fire in the same second; the rest keep their due time.
    /// </summary>
    public static DateTimeOffset FirstFire(Outlet outlet, DateTimeOffset? nextDue, DateTimeOffset now, StartWindow? startWindow = null)
    {
        var length = (startWindow ?? StartWindow.Default).Length;
        var window = outlet.Interval < length ? outlet.Interval : length;
        var offset = TimeSpan.FromMilliseconds(Spread(outlet.Id) % Math.Max(1, (long)window.TotalMilliseconds));
        var soon = now + offset;
        return nextDue is { } due && due > soon ? due : soon;
    }

    private static long Spread(string id)
    {
        // FNV-1a: stable across runs and processes, unlike string.GetHashCode.
        ulong hash = 14695981039346656037;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211;
        }
        return (long)(hash >> 1);
    }
}
