using System.Collections.Concurrent;
using System.Security.Cryptography;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>
/// Renders each topic feed once per change, not once per request: any stored change or config
/// reload moves the version on, and only then is a feed rendered again. A reader polling every
/// minute costs a dictionary lookup and a 304.
/// </summary>
public sealed class FeedCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Topic, string Format, int Limit, string Base), (long Version, RenderedFeed Feed)> _feeds = new();
    private readonly TopicFeedBuilder _builder;
    private readonly StoreChangeSignal _changes;
    private readonly ISiteCatalog _site;
    private readonly TimeProvider _time;
    private long _version;

    /// <summary>
    /// Rendered feeds kept at most. The key holds the site address, which without a configured
    /// publicUrl comes from the request's Host header: without a bound, a client sending endless
    /// Host values would make us keep a rendering for each.
    /// </summary>
    private const int MaxEntries = 256;

    public FeedCache(TopicFeedBuilder builder, StoreChangeSignal changes, ISiteCatalog site, TimeProvider time)
    {
        _builder = builder;
        _changes = changes;
        _site = site;
        _time = time;
        _changes.Changed += Invalidate;
        _site.Reloaded += Invalidate;
    }

    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>Renderings held right now.</summary>
    internal int Count => _feeds.Count;

    /// <summary>A page further back than the first: rendered on demand, since readers rarely walk back and cursors are unbounded.</summary>
    public async Task<RenderedFeed?> GetPageAsync(string topicId, FeedFormatKind format, TopicPageRequest request, Uri siteBase, CancellationToken ct)
    {
        if (await _builder.BuildAsync(topicId, request, siteBase, ct) is not { } feed)
        {
            return null;
        }
        var body = format.Write(feed);
        return new RenderedFeed(body, format.MediaType, ETagOf(body), TruncateToSeconds(feed.Updated));
    }

    /// <summary>
    /// A search (topicId null: everything stored) or a topic narrowed by ?q=: rendered on demand, since
    /// queries are as many as readers make up; its ETag still comes from its bytes, so a reader polling
    /// an unchanged search gets a 304.
    /// </summary>
    public async Task<RenderedFeed?> GetSearchAsync(string? topicId, FeedFormatKind format, TopicPageRequest request, Topics.SearchQuery query, Uri siteBase, CancellationToken ct)
    {
        var feed = topicId is null
            ? await _builder.BuildSearchAsync(query, request, siteBase, ct)
            : await _builder.BuildAsync(topicId, request, query, siteBase, ct);
        if (feed is null)
        {
            return null;
        }
        var body = format.Write(feed);
        return new RenderedFeed(body, format.MediaType, ETagOf(body), TruncateToSeconds(feed.Updated));
    }

    public async Task<RenderedFeed?> GetAsync(string topicId, FeedFormatKind format, int limit, Uri siteBase, CancellationToken ct)
    {
        var key = (topicId, format.Extension, limit, siteBase.AbsoluteUri);
        var version = Interlocked.Read(ref _version);
        if (_feeds.TryGetValue(key, out var cached) && cached.Version == version)
        {
            return cached.Feed;
        }
        if (await _builder.BuildAsync(topicId, limit, siteBase, ct) is not { } feed)
        {
            return null;
        }
        var body = format.Write(feed);
        var etag = ETagOf(body);
        // The same bytes keep the time they first appeared, so If-Modified-Since stays truthful.
        var lastModified = cached.Feed is { } previous && previous.ETag == etag
            ? previous.LastModified
            : TruncateToSeconds(_time.GetUtcNow());
        var rendered = new RenderedFeed(body, format.MediaType, etag, lastModified);
        if (_feeds.Count >= MaxEntries && !_feeds.ContainsKey(key))
        {
            // Dropping everything is crude but bounded, and honest readers re-fill it in one render each.
            _feeds.Clear();
        }
        _feeds[key] = (version, rendered);
        return rendered;
    }

    public void Dispose()
    {
        _changes.Changed -= Invalidate;
        _site.Reloaded -= Invalidate;
    }

    internal static string ETagOf(byte[] body) => "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 12).ToLowerInvariant() + "\"";

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
