using Aggregator.Model;
using Aggregator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Publish.Http;

/// <summary>GET /feeds/{topic}.atom|.rss|.json (CONTRACT §4).</summary>
/// <remarks>
/// Readers (and the load test) hit this route far more than any other, nearly always for a first
/// page already rendered: so the handler is a plain request delegate over singletons resolved once
/// (no per-request parameter binding or service scope), reads the query only when there is one,
/// and hands the cached bytes to <see cref="ConditionalGet"/>.
/// </remarks>
public static class FeedEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        var cache = routes.ServiceProvider.GetRequiredService<FeedCache>();
        var config = routes.ServiceProvider.GetRequiredService<ISiteCatalog>();
        // HEAD too: some readers probe with it before fetching.
        routes.MapMethods("/feeds/{topic}.{format}", ["GET", "HEAD"], context => ServeAsync(context, cache, config));
        return routes;
    }

    private static async Task ServeAsync(HttpContext context, FeedCache cache, ISiteCatalog config)
    {
        var request = context.Request;
        var topic = (string)request.RouteValues["topic"]!;
        if (FormatOf((string?)request.RouteValues["format"]) is not { } kind)
        {
            await Results.NotFound().ExecuteAsync(context);
            return;
        }

        var limit = FeedWarmer.DefaultLimit(config);
        TopicPosition? before = null;
        TopicPosition? after = null;
        if (request.QueryString.HasValue && ReadQuery(request.Query, ref limit, out before, out after) is { } problem)
        {
            await Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        var siteBase = SiteBase.Of(request, config);
        // /feeds/search.{format} searches everything stored, unless a configured topic took the name.
        var isSearch = topic == TopicFeedBuilder.SearchFeedId && config.FindTopic(topic) is null;
        if (isSearch || (request.QueryString.HasValue && request.Query.ContainsKey("q")))
        {
            if (ReadSearch(request.Query, out var searchProblem) is not { } search)
            {
                await Results.Text(searchProblem, "text/plain", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
            RenderedFeed? found;
            try
            {
                found = await cache.GetSearchAsync(isSearch ? null : topic, kind, new TopicPageRequest(limit, before, after), search, siteBase, context.RequestAborted);
            }
            catch (StoreException e)
            {
                await Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
            }
            if (found is null)
            {
                await Results.Text($"no topic '{topic}'", "text/plain", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                return;
            }
            await ConditionalGet.WriteAsync(context, found);
            return;
        }

        var feed = before is null && after is null
            ? await cache.GetAsync(topic, kind, limit, siteBase, context.RequestAborted)
            : await cache.GetPageAsync(topic, kind, new TopicPageRequest(limit, before, after), siteBase, context.RequestAborted);
        if (feed is null)
        {
            await Results.Text($"no topic '{topic}'", "text/plain", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        await ConditionalGet.WriteAsync(context, feed);
    }

    /// <summary>The format a feed URL's extension names: a loop, so a request allocates no predicate.</summary>
    private static FeedFormatKind? FormatOf(string? extension)
    {
        var all = FeedFormatKind.All;
        for (var i = 0; i < all.Count; i++)
        {
            if (string.Equals(all[i].Extension, extension, StringComparison.Ordinal))
            {
                return all[i];
            }
        }

        return null;
    }

    /// <summary>?q= as a search, or null with the one-line problem (also when it is missing or given twice).</summary>
    internal static Topics.SearchQuery? ReadSearch(IQueryCollection query, out string problem)
    {
        if (!query.TryGetValue("q", out var values) || values.Count == 0)
        {
            problem = "q: missing (give words, \"phrases\", prefix*, -excluded or outlet:ID)";
            return null;
        }
        if (values.Count > 1)
        {
            problem = "q: give it once";
            return null;
        }
        return Topics.SearchQuery.TryParse(values[0], out problem);
    }

    /// <summary>?limit=, ?before=, ?after=; null when they make sense, else the one-line problem.</summary>
    internal static string? ReadQuery(IQueryCollection query, ref int limit, out TopicPosition? before, out TopicPosition? after)
    {
        after = null;
        if (!TryReadLimit(query, ref limit, out var problem)
            || !TryReadCursor(query, "before", out before, out problem)
            || !TryReadCursor(query, "after", out after, out problem))
        {
            before = null;
            return problem;
        }

        return before is not null && after is not null ? "before and after: give one or the other" : null;
    }

    private static bool TryReadCursor(IQueryCollection query, string name, out TopicPosition? cursor, out string problem)
    {
        cursor = null;
        problem = string.Empty;
        if (!query.TryGetValue(name, out var values))
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

    private static bool TryReadLimit(IQueryCollection query, ref int limit, out string problem)
    {
        problem = string.Empty;
        if (!query.TryGetValue("limit", out var values))
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
