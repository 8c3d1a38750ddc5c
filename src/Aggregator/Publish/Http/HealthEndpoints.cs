using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartz;

namespace Aggregator.Publish.Http;

/// <summary>GET /healthz: 200 while the scheduler runs and the store answers, 503 otherwise.</summary>
public static class HealthEndpoints
{
    private const int WorstOffenders = 5;

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", GetHealthAsync);
        return routes;
    }

    private static async Task<IResult> GetHealthAsync(
        HttpContext context, ISchedulerFactory schedulers, IAggregatorStore store, ISiteCatalog config, ConfigStatus configStatus,
        SubscriptionFailures subscriptions, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var schedulerRunning = await scheduler.GetStatus(ct) == SchedulerStatus.Running;
        var storeOk = await store.PingAsync(ct);
        var outlets = config.Outlets.Where(o => o.Enabled).Select(o => o.Id).ToHashSet();
        var states = storeOk ? (await store.GetOutletsAsync(ct)).Where(s => outlets.Contains(s.OutletId)).ToList() : [];
        var failing = states.Where(s => s.ConsecutiveFailures > 0).OrderByDescending(s => s.ConsecutiveFailures).ToList();
        var healthy = schedulerRunning && storeOk;
        // A held poll is the outlet's news as a failure is (`status` shows it), but not a fault: it degrades nothing.
        var holds = storeOk
            ? await PollHolds.Of(context.RequestServices, store).CurrentAsync(outlets, states.ToDictionary(s => s.OutletId, StringComparer.Ordinal), ct)
            : new Dictionary<string, PollHold>();

        var body = new HealthReport(
            healthy ? (failing.Count == 0 && configStatus.IsValid ? "ok" : "degraded") : "unhealthy",
            schedulerRunning ? "running" : "stopped",
            storeOk ? "ok" : "unreachable",
            // An invalid edit degrades nothing: the last valid configuration keeps running, so it is reported, not failed on.
            new ConfigHealth(config.ConfigFile, configStatus.IsValid ? "valid" : "invalid (running the last valid configuration)",
                configStatus.Problems.Select(p => PublicLink.Redact(p.ToString())).ToList(), configStatus.LastReload),
            new OutletCounts(outlets.Count, states.Count(s => s.ConsecutiveFailures == 0 && s.LastSuccess is not null), failing.Count,
                failing.Count(s => s.LastError?.StartsWith("scrape:", StringComparison.Ordinal) == true), outlets.Count - states.Count,
                holds.Count),
            failing.Take(WorstOffenders)
                // Errors and notices may quote a URL resolved against an outlet's, credentials included.
                .Select(s => new FailingOutlet(s.OutletId, s.ConsecutiveFailures, s.LastStatusCode, s.LastError is { } e ? PublicLink.Redact(e) : null, s.LastSuccess))
                .ToList(),
            states.Where(s => s.Notice is not null).Select(s => new OutletNotice(s.OutletId, PublicLink.Redact(s.Notice!))).ToList(),
            // Failing subscriptions cost freshness only (the outlet is polled): warned about, never unhealthy or degraded.
            subscriptions.Current.Where(f => outlets.Contains(f.OutletId))
                .Select(f => new WebSubWarning(f.OutletId, f.Reason, PublicLink.Redact(f.Error), f.Failures, f.Since)).ToList(),
            holds.OrderBy(h => h.Value.Until).ThenBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => new WaitingOutlet(h.Key, h.Value.HeldBy, h.Value.Until, PublicLink.Redact(h.Value.Text))).ToList());
        return Results.Json(body, HealthJson.Default.HealthReport, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
