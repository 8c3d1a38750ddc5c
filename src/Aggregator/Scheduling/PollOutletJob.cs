using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Thin Quartz job: finds the outlet in the running configuration and hands it to the pipeline.
/// DisallowConcurrentExecution keeps one outlet from being polled twice at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class PollOutletJob(
    IOutletCatalog catalog, OutletRefresher refresher, IAggregatorStore store, TimeProvider time, IHostApplicationLifetime lifetime,
    IngestTaskScheduler ingest, ILogger<PollOutletJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // SIGTERM cancels an in-flight poll at once: Quartz's shutdown waits for running jobs and would
        // otherwise wait for an outlet dripping a byte a second until its timeout. The store's writes
        // are transactions, so a cancelled poll has either committed or left nothing behind.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            // Below the readers' priority: a round's parsing and writing must not make them wait for a core.
            await ingest.RunAsync(() => ExecuteCoreAsync(context, stopping.Token).AsTask(), CancellationToken.None);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The stop asked for it: thrown on to Quartz it was a `fail` line with a stack trace for every poll in flight.
            LogCancelledByShutdown(context.JobDetail.Key.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Poll of {Outlet} cancelled by shutdown; a store write it had not committed was rolled back, and the next run polls it again")]
    private partial void LogCancelledByShutdown(string outlet);

    private async ValueTask ExecuteCoreAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The job's key names its outlet (OutletTriggers.Job).
        if (catalog.Find(context.JobDetail.Key.Name) is not { Enabled: true } outlet)
        {
            return;
        }

        // A failing outlet backs off past its interval; its trigger keeps the regular beat and
        // these firings are skipped until the backoff (or the host's Retry-After) has passed.
        OutletHealth? state;
        try
        {
            state = await store.GetOutletAsync(outlet.Id, cancellationToken);
        }
        catch (StoreException)
        {
            // The refresher reports the store's trouble with the outlet's name; let it try.
            await refresher.RefreshAsync(outlet, cancellationToken);
            return;
        }
        if (state is { ConsecutiveFailures: > 0, NextDue: { } due } && time.GetUtcNow() < due)
        {
            return;
        }
        // An adaptive outlet's trigger ticks at its floor; the poll itself decided when the next one is worth it.
        if (outlet.AutoInterval && state?.NextDue is { } next && time.GetUtcNow() < next - TimeSpan.FromSeconds(5))
        {
            // Its full-text backlog drains at the trigger's beat, not only at the (rarer) polls.
            await refresher.DrainBacklogAsync(outlet, cancellationToken);
            return;
        }
        // Pushed by a WebSub hub: a daily poll is only the safety net.
        if (state is { WebSubExpires: { } leaseEnds, LastSuccess: { } lastSuccess } && leaseEnds > time.GetUtcNow()
            && time.GetUtcNow() - lastSuccess < TimeSpan.FromDays(1))
        {
            await refresher.DrainBacklogAsync(outlet, cancellationToken);
            return;
        }
        // 410 Gone: the publisher said it will not come back; wait for the operator to change the URL.
        if (state?.GoneUrl is { } gone && gone == outlet.Url)
        {
            return;
        }
        var report = await refresher.RefreshAsync(outlet, state, cancellationToken);
        if (report.HeldUntil is { } until)
        {
            await PollAtHoldEndAsync(context.Scheduler, outlet.Id, until, cancellationToken);
        }
    }

    /// <summary>A held poll is tried again when its hold ends: one firing then, replacing an earlier hold's.</summary>
    private async Task PollAtHoldEndAsync(IScheduler scheduler, string outletId, DateTimeOffset until, CancellationToken ct)
    {
        // Every beat skipped inside a known hold reports the same end again: the firing already placed for it is left
        // alone rather than replaced at each beat, which the scheduler may already have taken up to fire.
        var placed = await scheduler.GetTrigger(new TriggerKey(outletId, OutletTriggers.HoldGroup), ct);
        if (placed?.NextFireTimeUtc == until)
        {
            return;
        }
        await scheduler.ScheduleJob(OutletTriggers.HoldEnd(outletId, until, time), ScheduleJobOptions.Replacing, ct);
    }
}
