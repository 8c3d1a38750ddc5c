using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Publish.Http;

public static class AggregatorEndpoints
{
    /// <summary>Every route of CONTRACT §4; all read-only.</summary>
    public static WebApplication MapAggregatorEndpoints(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context);
        });
        app.MapSite();
        app.MapFeeds();
        app.MapHealth();
        return app;
    }
}
