using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Store;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Thin Quartz job: finds the outlet in the running configuration and hands it to the pipeline.
/// One outlet is never polled twice at once, by any worker: the poll holds the outlet's exclusive
/// section in the store (a PostgreSQL advisory lock shared by the cluster). That, rather than
/// Quartz's DisallowConcurrentExecution, because a clustered Quartz serializes every firing of
/// such jobs on one database row lock, which would cap the whole cluster at one worker's pace.
/// </summary>
public sealed class PollOutletJob(ActiveConfig config, OutletRefresher refresher, IAggregatorStore store, TimeProvider time) : IJob
{
    public const string OutletIdKey = "outletId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.MergedJobDataMap[OutletIdKey] is not string outletId
            || config.Current.FindOutlet(outletId) is not { Enabled: true } outlet)
        {
            return;
        }

        IAsyncDisposable? polling;
        try
        {
            polling = await store.TryExclusiveAsync("poll " + outlet.Id, cancellationToken);
        }
        catch (StoreException)
        {
            // The refresher reports the store's trouble with the outlet's name; let it try.
            await refresher.RefreshAsync(outlet, cancellationToken);
            return;
        }
        if (polling is null)
        {
            // Still being polled (a slow outlet whose next firing came round, here or on another worker).
            return;
        }
        await using (polling)
        {
            await PollIfDueAsync(outlet, cancellationToken);
        }
    }

    private async Task PollIfDueAsync(Outlet outlet, CancellationToken cancellationToken)
    {
        // A failing outlet backs off past its interval; its trigger keeps the regular beat and
        // these firings are skipped until the backoff (or the host's Retry-After) has passed.
        OutletHealth? state;
        try
        {
            state = await store.GetOutletAsync(outlet.Id, cancellationToken);
        }
        catch (StoreException)
        {
            await refresher.RefreshAsync(outlet, cancellationToken);
            return;
        }
        if (state is { ConsecutiveFailures: > 0, NextDue: { } due } && time.GetUtcNow() < due)
        {
            return;
        }
        // A late firing replayed right after the one before it (a busy scheduler catching up, or a
        // dead worker's outlet taken over) would poll twice in a row: one poll per interval is enough.
        // A quarter of the interval: replays follow within seconds, while an on-time firing after a
        // late poll must still run.
        if (outlet.Cron is null && state?.LastAttempt is { } last && time.GetUtcNow() - last < outlet.Interval / 4)
        {
            return;
        }
        // An adaptive outlet's trigger ticks at its floor; the poll itself decided when the next one is worth it.
        if (outlet.AutoInterval && state?.NextDue is { } next && time.GetUtcNow() < next - TimeSpan.FromSeconds(5))
        {
            return;
        }
        // Pushed by a WebSub hub: a daily poll is only the safety net.
        if (state is { WebSubExpires: { } leaseEnds, LastSuccess: { } lastSuccess } && leaseEnds > time.GetUtcNow()
            && time.GetUtcNow() - lastSuccess < TimeSpan.FromDays(1))
        {
            return;
        }
        // 410 Gone: the publisher said it will not come back; wait for the operator to change the URL.
        if (state?.GoneUrl is { } gone && gone == outlet.Url)
        {
            return;
        }
        await refresher.RefreshAsync(outlet, state, cancellationToken);
    }
}
