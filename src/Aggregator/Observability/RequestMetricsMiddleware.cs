using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Observability;

/// <summary>Counts served requests by route template and status: `aggregator_http_requests_total{route,status}`.</summary>
public static class RequestMetricsMiddleware
{
    /// <summary>Unrouted requests share one label, so a scanner's random paths cannot grow the series without bound.</summary>
    public const string UnmatchedRoute = "unmatched";

    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<AggregatorMetrics>();
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch
            {
                // An unhandled exception becomes a 500 further out; count it as one.
                metrics.RecordHttpRequest(RouteOf(context), StatusCodes.Status500InternalServerError);
                throw;
            }
            metrics.RecordHttpRequest(RouteOf(context), context.Response.StatusCode);
        });
    }

    private static string RouteOf(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : UnmatchedRoute;
}
