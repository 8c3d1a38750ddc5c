using Aggregator.Model;
using Aggregator.Publish.Pages;
using Aggregator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Publish.Http;

/// <summary>The reader's and operator's HTML pages: GET /topics/{topic}, /search?q= and /outlets.</summary>
public static class PageEndpoints
{
    /// <summary>Articles per page: a page is read by a person, not a feed reader.</summary>
    public const int PageSize = 25;

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/topics/{topic}", GetTopicAsync);
        routes.MapGet("/search", GetSearchAsync);
        routes.MapGet("/outlets", GetOutletsAsync);
        return routes;
    }

    private static async Task<IResult> GetTopicAsync(string topic, HttpContext context, TopicFeedBuilder builder, ISiteCatalog config, TimeProvider time, CancellationToken ct)
    {
        var request = context.Request;
        var limit = PageSize;
        TopicPosition? before = null, after = null;
        Topics.SearchQuery? query = null;
        if (request.QueryString.HasValue)
        {
            if (FeedEndpoints.ReadQuery(request.Query, ref limit, out before, out after) is { } problem)
            {
                return Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
            }
            // An empty box submitted is the whole topic, not an error.
            if (request.Query.TryGetValue("q", out var q) && !(q.Count == 1 && string.IsNullOrWhiteSpace(q[0])))
            {
                if (FeedEndpoints.ReadSearch(request.Query, out var searchProblem) is not { } parsed)
                {
                    return Results.Text(searchProblem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
                }
                query = parsed;
            }
        }
        var siteBase = SiteBase.Of(request, config);
        Model.TopicFeed? feed;
        try
        {
            feed = await builder.BuildAsync(topic, new TopicPageRequest(limit, before, after), query, siteBase, ct);
        }
        catch (StoreException e)
        {
            return Results.Text(e.Message, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (feed is null)
        {
            return Results.Text($"no topic '{topic}'", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }
        return Html(context, TopicHtmlPage.Render(feed, siteBase, time.GetUtcNow(), query?.Text));
    }

    private static async Task<IResult> GetSearchAsync(HttpContext context, TopicFeedBuilder builder, ISiteCatalog config, TimeProvider time, CancellationToken ct)
    {
        var request = context.Request;
        var siteBase = SiteBase.Of(request, config);
        var now = time.GetUtcNow();
        if (!request.Query.TryGetValue("q", out var q) || (q.Count == 1 && string.IsNullOrWhiteSpace(q[0])))
        {
            return Html(context, SearchHtmlPage.Render(null, siteBase, now, null, null));
        }
        var limit = PageSize;
        if (FeedEndpoints.ReadQuery(request.Query, ref limit, out var before, out var after) is { } problem
            || (FeedEndpoints.ReadSearch(request.Query, out problem) is not { } query))
        {
            return Html(context, SearchHtmlPage.Render(null, siteBase, now, q.Count == 1 ? q[0] : null, problem), StatusCodes.Status400BadRequest);
        }
        try
        {
            var feed = await builder.BuildSearchAsync(query, new TopicPageRequest(limit, before, after), siteBase, ct);
            return Html(context, SearchHtmlPage.Render(feed, siteBase, now, query.Text, null));
        }
        catch (StoreException e)
        {
            return Html(context, SearchHtmlPage.Render(null, siteBase, now, query.Text, e.Message), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> GetOutletsAsync(HttpContext context, IAggregatorStore store, ISiteCatalog config, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var pictures = await store.GetOutletPicturesAsync(now, ct);
        var holds = await Pipeline.PollHolds.Of(context.RequestServices, store)
            .CurrentAsync(config.Outlets.Select(o => o.Id), pictures.ToDictionary(p => p.Health.OutletId, p => p.Health, StringComparer.Ordinal), ct);
        return Html(context, OutletsHtmlPage.Render(config.Outlets, pictures, SiteBase.Of(context.Request, config), now, holds));
    }

    private static IResult Html(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        if (status == StatusCodes.Status200OK)
        {
            // Validators and 304 as the feeds have them.
            return new HtmlPageResult(html);
        }
        context.Response.Headers.ContentSecurityPolicy = PageLayout.ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
