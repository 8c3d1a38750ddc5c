using Aggregator.Hosting;
using Aggregator.Model;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>Reads a topic's shown articles from the store and names their outlets from the running configuration.</summary>
public sealed class TopicFeedBuilder(IAggregatorStore store, ActiveConfig config)
{
    public Task<TopicFeed?> BuildAsync(string topicId, int limit, Uri siteBase, CancellationToken ct) =>
        BuildAsync(topicId, new TopicPageRequest(limit), siteBase, ct);

    public async Task<TopicFeed?> BuildAsync(string topicId, TopicPageRequest request, Uri siteBase, CancellationToken ct)
    {
        var snapshot = config.Current;
        if (snapshot.FindTopic(topicId) is not { } topic)
        {
            return null;
        }
        var page = await store.GetTopicPageAsync(topic.Id, request, ct);
        var items = page.Items
            .Select(s => new TopicFeedItem(
                s.Article,
                OutletRefOf(snapshot, s.Article.OutletId, s.Article.Link),
                s.Copies.Select(c => new TopicFeedCopy(OutletRefOf(snapshot, c.OutletId, c.Link), c.Link)).ToList()))
            .ToList();
        return new TopicFeed
        {
            Topic = topic,
            FeedBaseUrl = new Uri(siteBase, "feeds/"),
            HomePage = siteBase,
            // Stable for an unchanged feed, so its rendering (and ETag) is too.
            Updated = items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.Article.Updated ?? i.Article.SortTime),
            Items = items,
            Hub = snapshot.Config.Defaults.WebSubHub,
            Paging = new FeedPaging(QueryOf(request), page.Older?.Encode(), page.Newer?.Encode()),
        };
    }

    private static string? QueryOf(TopicPageRequest request) =>
        request.Before is { } before ? "before=" + before.Encode()
        : request.After is { } after ? "after=" + after.Encode()
        : null;

    public static OutletRef OutletRefOf(ConfigSnapshot snapshot, string outletId, Uri articleLink)
    {
        if (snapshot.FindOutlet(outletId) is { } outlet)
        {
            return new OutletRef(outlet.Id, outlet.Name, outlet.Url, new Uri(outlet.Url.GetLeftPart(UriPartial.Authority) + "/"));
        }
        // An outlet removed from feeds.json keeps its articles; name it by id and its articles' site.
        var site = new Uri(articleLink.GetLeftPart(UriPartial.Authority) + "/");
        return new OutletRef(outletId, outletId, site, site);
    }
}
