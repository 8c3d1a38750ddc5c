using Aggregator.Model;
using Aggregator.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Aggregator.Tests.Scheduling;

public sealed class OutletTriggersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static Outlet Outlet(string id, TimeSpan? interval = null, string? cron = null) => new()
    {
        Id = id, Name = id, Url = new Uri($"https://{id}.example/feed"), Interval = interval ?? TimeSpan.FromMinutes(30), Cron = cron,
    };

    [Fact]
    public void FirstFire_HundredsOfOutletsWithOneInterval_AreSpreadOverTheStartWindow()
    {
        var fires = Enumerable.Range(0, 300).Select(i => OutletTriggers.FirstFire(Outlet($"outlet-{i}"), null, Now)).ToList();

        Assert.All(fires, f => Assert.InRange(f, Now, Now.AddSeconds(30)));
        var perSecond = fires.GroupBy(f => (long)(f - Now).TotalSeconds).Max(g => g.Count());
        Assert.True(perSecond <= 25, $"{perSecond} outlets fire in the same second");
        Assert.True(fires.Select(f => (long)(f - Now).TotalSeconds).Distinct().Count() >= 25);
    }

    [Fact]
    public void Trigger_LaterThanHalfTheInterval_CountsAsMissed()
    {
        var trigger = OutletTriggers.Trigger(Outlet("a", TimeSpan.FromMinutes(10)), null, new FakeTimeProvider(Now));

        Assert.Equal(TimeSpan.FromMinutes(5), trigger.MisfireThreshold);
    }

    [Fact]
    public void FiresOnScheduleOf_TheTriggerBuiltForTheOutlet_AndNoOtherSchedule_SoAReconcileSeesAChange()
    {
        var time = new FakeTimeProvider(Now);
        var every30 = OutletTriggers.Trigger(Outlet("a"), null, time);
        var cron = OutletTriggers.Trigger(Outlet("a", cron: "0 */5 * * * ?"), null, time);

        Assert.True(OutletTriggers.FiresOnScheduleOf(every30, Outlet("a")));
        // Only the schedule counts: the rest of an outlet is read from the configuration at each firing.
        Assert.True(OutletTriggers.FiresOnScheduleOf(every30, Outlet("a") with { Url = new Uri("https://elsewhere.example/"), Name = "renamed" }));
        Assert.True(OutletTriggers.FiresOnScheduleOf(OutletTriggers.Trigger(Outlet("a"), Now.AddHours(5), time), Outlet("a")));
        Assert.False(OutletTriggers.FiresOnScheduleOf(every30, Outlet("a", TimeSpan.FromMinutes(31))));
        Assert.False(OutletTriggers.FiresOnScheduleOf(every30, Outlet("a", cron: "0 */5 * * * ?")));
        Assert.True(OutletTriggers.FiresOnScheduleOf(cron, Outlet("a", cron: "0 */5 * * * ?")));
        Assert.False(OutletTriggers.FiresOnScheduleOf(cron, Outlet("a", cron: "0 */10 * * * ?")));
        Assert.False(OutletTriggers.FiresOnScheduleOf(cron, Outlet("a")));
        // A hold's one-off firing is no beat of any schedule.
        Assert.False(OutletTriggers.FiresOnScheduleOf(OutletTriggers.HoldEnd("a", Now.AddMinutes(3), time), Outlet("a")));
    }

    [Fact]
    public void FirstFire_IsStablePerOutlet()
    {
        Assert.Equal(OutletTriggers.FirstFire(Outlet("popular-resistance"), null, Now), OutletTriggers.FirstFire(Outlet("popular-resistance"), null, Now));
    }

    [Fact]
    public void FirstFire_NextDueLaterThanTheWindow_IsKept()
    {
        var due = Now.AddMinutes(20);
        Assert.Equal(due, OutletTriggers.FirstFire(Outlet("a"), due, Now));
    }

    [Fact]
    public void FirstFire_OverdueOutlet_StartsWithinTheWindow()
    {
        Assert.InRange(OutletTriggers.FirstFire(Outlet("a"), Now.AddHours(-3), Now), Now, Now.AddSeconds(30));
    }

    [Fact]
    public void FirstFire_ShortInterval_ShrinksTheWindowToIt()
    {
        Assert.InRange(OutletTriggers.FirstFire(Outlet("a", TimeSpan.FromSeconds(10)), null, Now), Now, Now.AddSeconds(10));
    }

    [Fact]
    public void FirstFire_NoStartWindow_StartsEveryDueOutletNow_AndKeepsTheRestAtTheirDueTime()
    {
        var fires = Enumerable.Range(0, 300).Select(i => OutletTriggers.FirstFire(Outlet($"outlet-{i}"), null, Now, StartWindow.None));

        Assert.All(fires, f => Assert.Equal(Now, f));
        Assert.Equal(Now, OutletTriggers.FirstFire(Outlet("a"), Now.AddHours(-3), Now, StartWindow.None));
        Assert.Equal(Now.AddMinutes(20), OutletTriggers.FirstFire(Outlet("a"), Now.AddMinutes(20), Now, StartWindow.None));
    }

    [Fact]
    public void FirstFire_AGivenStartWindow_SpreadsOverThatWindow_AndTheDefaultIsThirtySeconds()
    {
        var window = new StartWindow(TimeSpan.FromMinutes(2));
        var fires = Enumerable.Range(0, 300).Select(i => OutletTriggers.FirstFire(Outlet($"outlet-{i}"), null, Now, window)).ToList();

        Assert.All(fires, f => Assert.InRange(f, Now, Now.AddMinutes(2)));
        // Beyond the default's 30 s: the given window is used, not only bounded by.
        Assert.Contains(fires, f => f > Now.AddSeconds(30));
        Assert.Equal(
            OutletTriggers.FirstFire(Outlet("popular-resistance"), null, Now, new StartWindow(TimeSpan.FromSeconds(30))),
            OutletTriggers.FirstFire(Outlet("popular-resistance"), null, Now));
    }

    [Fact]
    public void Trigger_Interval_RepeatsForeverAndCollapsesMissedFiringsIntoOne()
    {
        var trigger = OutletTriggers.Trigger(Outlet("a", TimeSpan.FromMinutes(15)), null, new FakeTimeProvider(Now));

        Assert.Equal((int)SimpleTriggerMisfireInstruction.NowWithExistingCount, trigger.MisfireInstructionCode);
        Assert.Null(trigger.EndTimeUtc);
        var first = trigger.StartTimeUtc;
        Assert.Equal(first.AddMinutes(15), trigger.GetFireTimeAfter(first));
    }

    [Fact]
    public void Trigger_Cron_FiresOnceAfterDowntimeThenKeepsItsCalendar()
    {
        var trigger = OutletTriggers.Trigger(Outlet("a", cron: "0 0/15 * * * ?"), null, new FakeTimeProvider(Now));

        Assert.Equal((int)CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstructionCode);
        // The calendar holds from the trigger's start: every quarter hour on the quarter hour.
        var next = trigger.GetFireTimeAfter(trigger.StartTimeUtc)!.Value;
        Assert.Equal(0, next.Minute % 15);
        Assert.Equal(0, next.Second);
        Assert.True(next > trigger.StartTimeUtc && next - trigger.StartTimeUtc <= TimeSpan.FromMinutes(15));
        Assert.Equal(next.AddMinutes(15), trigger.GetFireTimeAfter(next));
    }

    [Fact]
    public void Job_NeverRunsTwiceAtOnceForOneOutlet()
    {
        var job = OutletTriggers.Job(Outlet("popular-resistance"));

        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal(new JobKey("popular-resistance", OutletTriggers.Group), job.Key);
        // The key is all a firing needs to find its outlet; the job carries no data of its own.
        Assert.Empty(job.JobDataMap);
    }
}
