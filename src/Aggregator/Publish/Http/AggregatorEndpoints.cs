using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Publish.Http;

public static class AggregatorEndpoints
{
    /// <summary>Every route of CONTRACT §4; all read-only.</summary>
    public static WebApplication MapAggregatorEndpoints(this WebApplication app)
    {
        // Not async: every request passes here, and there is nothing to await before handing on.
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.MapSite();
        app.MapPages();
        app.MapFeeds();
        app.MapHealth();
        return app;
    }
}
