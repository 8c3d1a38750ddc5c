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
/// <remarks>
/// While a round ingests, the version moves on with nearly every commit. So that readers do not
/// queue behind the store (issue 23: 64 connections each rendering the same feed after every
/// commit put the p99 at 813 ms), a feed is rendered by one rebuild at a time, off the request
/// path: the request that finds the feed out of date starts it and waits for it, so a lone reader
/// always sees what was committed before it asked; requests arriving while it runs get the last
/// rendering, whose bytes and ETag agree. Staleness is bounded by one rebuild: once it lands, the
/// next request after a later commit starts the next.
/// </remarks>
public sealed class FeedCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Topic, string Format, int Limit, string Base), Slot> _feeds = new();
    private readonly TopicFeedBuilder _builder;
    private readonly StoreChangeSignal _changes;
    private readonly ISiteCatalog _site;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposed = new();
    // Taken once: a rebuild still reading when the cache is disposed sees it cancelled, not an ObjectDisposedException.
    private readonly CancellationToken _stopping;
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
        _stopping = _disposed.Token;
        _changes.Changed += Invalidate;
        _site.Reloaded += Invalidate;
    }

    public void Invalidate() => Interlocked.Increment(ref _version);

    /// <summary>Renderings held right now.</summary>
    internal int Count => _feeds.Count;

    /// <summary>Rebuilds begun since start: one per change that a reader asked after, however many asked.</summary>
    internal long Rebuilds => Interlocked.Read(ref _rebuilds);

    private long _rebuilds;

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

    public Task<RenderedFeed?> GetAsync(string topicId, FeedFormatKind format, int limit, Uri siteBase, CancellationToken ct)
    {
        if (_site.FindTopic(topicId) is null)
        {
            // Not a slot per made-up topic name.
            return Task.FromResult<RenderedFeed?>(null);
        }
        var key = (topicId, format.Extension, limit, siteBase.AbsoluteUri);
        if (!_feeds.TryGetValue(key, out var slot))
        {
            if (_feeds.Count >= MaxEntries)
            {
                // Dropping everything is crude but bounded, and honest readers re-fill it in one render each.
                _feeds.Clear();
            }
            slot = _feeds.GetOrAdd(key, static _ => new Slot());
        }
        var version = Interlocked.Read(ref _version);
        Task<RenderedFeed?> rebuild;
        lock (slot)
        {
            if (slot.Feed is { } current && slot.Version == version)
            {
                return Task.FromResult<RenderedFeed?>(current);
            }
            if (slot.Rebuild is { } running)
            {
                if (slot.Feed is { } last)
                {
                    return Task.FromResult<RenderedFeed?>(last);
                }
                rebuild = running;
            }
            else
            {
                Interlocked.Increment(ref _rebuilds);
                // On the thread pool, not this request's: the other readers depend on it, so it must not
                // end when this reader goes away, and its store read must not hold up this request's thread.
                rebuild = slot.Rebuild = Task.Run(() => RebuildAsync(slot, key, format, version));
            }
        }
        return rebuild.WaitAsync(ct);
    }

    private async Task<RenderedFeed?> RebuildAsync(Slot slot, (string Topic, string Format, int Limit, string Base) key, FeedFormatKind format, long version)
    {
        try
        {
            if (await _builder.BuildAsync(key.Topic, key.Limit, new Uri(key.Base), _stopping) is not { } feed)
            {
                // The topic went with a config reload while we read.
                _feeds.TryRemove(key, out _);
                return null;
            }
            var body = format.Write(feed);
            var etag = ETagOf(body);
            lock (slot)
            {
                // The same bytes keep the time they first appeared, so If-Modified-Since stays truthful.
                var lastModified = slot.Feed is { } previous && previous.ETag == etag
                    ? previous.LastModified
                    : TruncateToSeconds(_time.GetUtcNow());
                slot.Feed = new RenderedFeed(body, format.MediaType, etag, lastModified);
                slot.Version = version;
                return slot.Feed;
            }
        }
        finally
        {
            // Under the slot's lock, which the starter holds until it has set Rebuild: so this cannot run first.
            lock (slot)
            {
                slot.Rebuild = null;
            }
        }
    }

    public void Dispose()
    {
        _changes.Changed -= Invalidate;
        _site.Reloaded -= Invalidate;
        _disposed.Cancel();
        _disposed.Dispose();
    }

    internal static string ETagOf(byte[] body) => "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 12).ToLowerInvariant() + "\"";

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>One feed's last rendering, the version it shows, and the rebuild under way if any; guarded by its own lock.</summary>
    private sealed class Slot
    {
        public RenderedFeed? Feed;
        public long Version = -1;
        public Task<RenderedFeed?>? Rebuild;
    }
}
