using Aggregator.Model;
using Aggregator.Publish.Opml;
using Aggregator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aggregator.Publish.Http;

/// <summary>GET / (the HTML index) and GET /outlets.opml.</summary>
public static class SiteEndpoints
{
    public const string SiteTitle = "Aggregator";

    public static IEndpointRouteBuilder MapSite(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", GetIndexAsync);
        routes.MapGet("/outlets.opml", GetOpml);
        return routes;
    }

    private static async Task<IResult> GetIndexAsync(HttpContext context, IAggregatorStore store, ISiteCatalog config, TopicFeedBuilder builder, CancellationToken ct)
    {
        var health = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);
        var siteBase = SiteBase.Of(context.Request, config);
        // Each topic's three newest headlines, so a visitor sees what a topic holds before subscribing.
        var headlines = new Dictionary<string, IReadOnlyList<TopicFeedItem>>(StringComparer.Ordinal);
        foreach (var topic in config.Topics)
        {
            if (await builder.BuildAsync(topic.Id, 3, siteBase, ct) is { } newest)
            {
                headlines[topic.Id] = newest.Items;
            }
        }
        var holds = await Pipeline.PollHolds.Of(context.RequestServices, store).CurrentAsync(config.Outlets.Select(o => o.Id), health, ct);
        var html = IndexPage.Render(SiteTitle, config.Topics, config.Outlets, health,
            siteBase.AbsoluteUri + "feeds/", headlines, holds);
        // No script, no third-party anything: the page only needs its own inline style (and its search form).
        return new HtmlPageResult(html);
    }

    private static IResult GetOpml(ISiteCatalog config, TimeProvider time) =>
        Results.Bytes(OpmlWriter.Write($"{SiteTitle} outlets",
                config.Outlets.Select(o => TopicFeedBuilder.OutletRefOf(config, o.Id, o.Url)).ToList(),
                time.GetUtcNow()),
            "text/x-opml; charset=utf-8");
}
