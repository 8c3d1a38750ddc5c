using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Publish.Http;

/// <summary>GET /feeds/{topic}.atom|.rss|.json (CONTRACT §4).</summary>
public static class FeedEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/feeds/{topic}.{format}", GetFeedAsync);
        return routes;
    }

    private static async Task<IResult> GetFeedAsync(
        string topic, string format, HttpContext context, FeedCache cache, Hosting.ActiveConfig config, CancellationToken ct)
    {
        if (FeedFormatKind.FromExtension(format) is not { } kind)
        {
            return Results.NotFound();
        }
        if (!TryReadLimit(context.Request, config.Current.Config.Defaults.MaxItemsPerFeed, out var limit, out var problem))
        {
            return Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }
        var feed = await cache.GetAsync(topic, kind, limit, SiteBase.Of(context.Request), ct);
        return feed is null
            ? Results.Text($"no topic '{topic}'", "text/plain", statusCode: StatusCodes.Status404NotFound)
            : ConditionalGet.Serve(context, feed);
    }

    private static bool TryReadLimit(HttpRequest request, int fallback, out int limit, out string problem)
    {
        problem = string.Empty;
        limit = Math.Min(fallback, MaxLimit);
        if (!request.Query.TryGetValue("limit", out var values))
        {
            return true;
        }
        if (values.Count != 1 || !int.TryParse(values[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked) || asked < 1)
        {
            problem = $"limit: expected a whole number from 1 to {MaxLimit}";
            return false;
        }
        limit = Math.Min(asked, MaxLimit);
        return true;
    }
}
