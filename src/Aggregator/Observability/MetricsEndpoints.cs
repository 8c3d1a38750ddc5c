using System.Globalization;
using System.Text;
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
        // Collected first, since Kestrel forbids synchronous writes to the response body, but into a StringBuilder's
        // chunks (8,000 chars at most) and never one string: with a few thousand outlets a scrape is megabytes of
        // text, and one string that size goes to the large-object heap, whose budget running out starts a full,
        // blocking collection that stops every reader (issue 23, bench/README.md).
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, CultureInfo.InvariantCulture))
        {
            exporter.WriteTo(writer);
        }
        context.Response.ContentType = PrometheusText.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        var body = context.Response.BodyWriter;
        // One encoder across the chunks: a chunk may end inside a surrogate pair.
        var encoder = Encoding.UTF8.GetEncoder();
        foreach (var chunk in text.GetChunks())
        {
            encoder.Convert(chunk.Span, body, flush: false, out _, out _);
        }
        encoder.Convert(ReadOnlySpan<char>.Empty, body, flush: true, out _, out _);
        await body.FlushAsync(ct);
    }
}
