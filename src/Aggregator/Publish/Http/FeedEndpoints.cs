using Aggregator.Store;
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
        // HEAD too: some readers probe with it before fetching.
        routes.MapMethods("/feeds/{topic}.{format}", ["GET", "HEAD"], GetFeedAsync);
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
        if (!TryReadCursor(context.Request, "before", out var before, out problem) || !TryReadCursor(context.Request, "after", out var after, out problem))
        {
            return Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }
        if (before is not null && after is not null)
        {
            return Results.Text("before and after: give one or the other", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }
        var siteBase = SiteBase.Of(context.Request, config);
        var feed = before is null && after is null
            ? await cache.GetAsync(topic, kind, limit, siteBase, ct)
            : await cache.GetPageAsync(topic, kind, new TopicPageRequest(limit, before, after), siteBase, ct);
        return feed is null
            ? Results.Text($"no topic '{topic}'", "text/plain", statusCode: StatusCodes.Status404NotFound)
            : ConditionalGet.Serve(context, feed);
    }

    private static bool TryReadCursor(HttpRequest request, string name, out TopicCursor? cursor, out string problem)
    {
        cursor = null;
        problem = string.Empty;
        if (!request.Query.TryGetValue(name, out var values))
        {
            return true;
        }
        if (values.Count != 1 || !TopicCursor.TryParse(values[0], out var parsed))
        {
            problem = $"{name}: not a cursor this server made (follow the feed's next/previous links)";
            return false;
        }
        cursor = parsed;
        return true;
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
