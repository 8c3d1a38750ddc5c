using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Observability;

/// <summary>GET /metrics: Prometheus text exposition (CONTRACT §4).</summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        // Resolved now, not on the first scrape: the listener only counts what happens after it starts.
        var exporter = routes.ServiceProvider.GetRequiredService<PrometheusExporter>();
        routes.MapGet("/metrics", (HttpContext context, CancellationToken ct) => WriteAsync(exporter, context, ct));
        return routes;
    }

    private static async Task WriteAsync(PrometheusExporter exporter, HttpContext context, CancellationToken ct)
    {
        // Collected into a string first: Kestrel forbids synchronous writes to the response body.
        var text = exporter.Scrape();
        context.Response.ContentType = PrometheusText.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(text, ct);
    }
}
