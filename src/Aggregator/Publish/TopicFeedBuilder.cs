using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Observability;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.Publish;

/// <summary>Reads a topic's shown articles from the store and names their outlets from the site's catalog.</summary>
/// <remarks>Searches run within defaults.searchTimeout on <paramref name="time"/>; each is counted, and a stopped one logged.</remarks>
public sealed partial class TopicFeedBuilder(IAggregatorStore store, ISiteCatalog site,
    TimeProvider? time = null, AggregatorMetrics? metrics = null, ILogger<TopicFeedBuilder>? logger = null)
{
    public Task<TopicFeed?> BuildAsync(string topicId, int limit, Uri siteBase, CancellationToken ct) =>
        BuildAsync(topicId, new TopicPageRequest(limit), siteBase, ct);

    public Task<TopicFeed?> BuildAsync(string topicId, TopicPageRequest request, Uri siteBase, CancellationToken ct) =>
        BuildAsync(topicId, request, null, siteBase, ct);

    /// <summary>The topic's page narrowed to what <paramref name="query"/> matches (null: the whole topic).</summary>
    public async Task<TopicFeed?> BuildAsync(string topicId, TopicPageRequest request, Topics.SearchQuery? query, Uri siteBase, CancellationToken ct)
    {
        if (site.FindTopic(topicId) is not { } topic)
        {
            return null;
        }
        var feed = await BuildAsync(topic, topic.Id, request, query, siteBase, ct);
        return feed;
    }

    /// <summary>Search over everything stored, as a feed named "search" whose title says what was asked.</summary>
    public Task<TopicFeed> BuildSearchAsync(Topics.SearchQuery query, TopicPageRequest request, Uri siteBase, CancellationToken ct) =>
        BuildAsync(new TopicDefinition { Id = SearchFeedId, Title = "Search: " + query.Text, Description = $"Articles matching {query.Text}" },
            TopicDefinition.AllId, request, query, siteBase, ct);

    /// <summary>The name /feeds/search.{format} and /search are served under.</summary>
    public const string SearchFeedId = "search";

    private async Task<TopicFeed> BuildAsync(TopicDefinition topic, string storedTopic, TopicPageRequest request, Topics.SearchQuery? query, Uri siteBase, CancellationToken ct)
    {
        var page = query is null
            ? await store.GetTopicPageAsync(storedTopic, request, ct)
            : await SearchAsync(storedTopic, query, request, site.Defaults.SearchTimeout, ct);
        var items = page.Items
            .Select(s => new TopicFeedItem(
                s.Article,
                OutletRefOf(site, s.Article.OutletId, s.Article.Link),
                s.Copies.Select(c => new TopicFeedCopy(OutletRefOf(site, c.OutletId, c.Link), c.Link)).ToList()))
            .ToList();
        return new TopicFeed
        {
            Topic = topic,
            FeedBaseUrl = new Uri(PublicLink.WithoutUserInfo(siteBase), "feeds/"),
            HomePage = PublicLink.WithoutUserInfo(siteBase),
            // Stable for an unchanged feed, so its rendering (and ETag) is too.
            Updated = items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.Article.Updated ?? i.Article.SortTime),
            Items = items,
            Hub = site.Defaults.WebSubHub,
            Paging = new FeedPaging(QueryOf(request), page.Older?.Encode(), page.Newer?.Encode()),
            Filter = query is null ? null : "q=" + Uri.EscapeDataString(query.Text),
        };
    }

    private static string? QueryOf(TopicPageRequest request) =>
        request.Before is { } before ? "before=" + before.Encode()
        : request.After is { } after ? "after=" + after.Encode()
        : null;

    public static OutletRef OutletRefOf(IOutletCatalog outlets, string outletId, Uri articleLink)
    {
        // Everything that names an outlet in what we publish starts here, so its user:password stops here.
        if (outlets.Find(outletId) is { } outlet)
        {
            var url = PublicLink.WithoutUserInfo(outlet.Url);
            return new OutletRef(outlet.Id, outlet.Name, url, SiteOf(url));
        }
        // An outlet removed from feeds.json keeps its articles; name it by id and its articles' site.
        var site = SiteOf(PublicLink.WithoutUserInfo(articleLink));
        return new OutletRef(outletId, outletId, site ?? articleLink, site);
    }

    // The home page of a web URL's site; null for any other scheme (an old article's link may be one).
    private static Uri? SiteOf(Uri url) => PublicLink.IsWeb(url) ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/") : null;

    private async Task<TopicPage> SearchAsync(string storedTopic, Topics.SearchQuery query, TopicPageRequest request, TimeSpan limit, CancellationToken ct)
    {
        try
        {
            var page = await store.SearchAsync(storedTopic, query.Criteria with { Budget = new SearchBudget(limit, time ?? TimeProvider.System) }, request, ct);
            metrics?.RecordSearch(AggregatorMetrics.SearchOk);
            return page;
        }
        catch (StoreException e) when (SearchBudget.IsExceeded(e))
        {
            metrics?.RecordSearch(AggregatorMetrics.SearchStopped);
            if (logger is not null)
            {
                LogSearchStopped(logger, query.Text, storedTopic, limit.TotalSeconds);
            }
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search {Query} in topic {Topic} stopped after {Seconds} s (defaults.searchTimeout); the reader got a 503")]
    private static partial void LogSearchStopped(ILogger logger, string query, string topic, double seconds);
}
