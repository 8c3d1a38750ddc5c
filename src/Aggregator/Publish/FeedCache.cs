using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

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
/// path, and a feed that was read since its last rebuild began is rendered again as soon as a change
/// is signalled, not when the next reader comes. The first reader who asks after a change waits for
/// the rebuild that shows it (after the one under way, if that was begun before the change), so a lone
/// reader sees what was committed before it asked; everyone else gets the last rendering, whose
/// bytes and ETag agree. Each feed's first page is rendered at start-up (<see cref="FeedWarmer"/>), so the first
/// readers do not all wait for a first rendering.
/// <para>
/// A feed that has a rendering is rendered again at most once per <see cref="RebuildInterval"/>: under a steady
/// stream of commits (a round stores dozens a second) rendering after each one kept a rebuild running back to back,
/// taking a share of the cores from the readers it was meant to spare. A change that comes sooner after the last
/// rebuild began is rendered when the interval is up, and until then every reader gets the last rendering without
/// waiting. So a commit shows in the feed within the interval plus one rendering (plus one more if it came while a
/// rendering ran); after a quiet interval, the first reader who asks after a commit still waits for the rendering
/// that shows it.
/// </para>
/// </remarks>
public sealed partial class FeedCache : IDisposable
{
    private readonly ConcurrentDictionary<(string Topic, string Format, int Limit, string Base), Slot> _feeds = new();
    private readonly TopicFeedBuilder _builder;
    private readonly StoreChangeSignal _changes;
    private readonly ISiteCatalog _site;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedCache> _logger;
    private readonly CancellationTokenSource _disposed = new();
    // Taken once: a rebuild still reading when the cache is disposed sees it cancelled, not an ObjectDisposedException.
    private readonly CancellationToken _stopping;
    private readonly TimeSpan _interval;
    private long _version;

    /// <summary>The least time between two renderings of one feed begun by changes (see the remarks): what a commit may wait to show.</summary>
    public static readonly TimeSpan RebuildInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rendered feeds kept at most. The key holds the site address, which without a configured
    /// publicUrl comes from the request's Host header: without a bound, a client sending endless
    /// Host values would make us keep a rendering for each.
    /// </summary>
    private const int MaxEntries = 256;

    /// <param name="metrics">Where renderings are counted for /metrics (aggregator_feed_renders_total and the time they took).</param>
    /// <param name="rebuildInterval"><see cref="RebuildInterval"/> unless given; zero renders after every change.</param>
    public FeedCache(TopicFeedBuilder builder, StoreChangeSignal changes, ISiteCatalog site, TimeProvider time, ILogger<FeedCache> logger,
        AggregatorMetrics? metrics = null, TimeSpan? rebuildInterval = null)
    {
        _builder = builder;
        _changes = changes;
        _site = site;
        _time = time;
        _logger = logger;
        _interval = rebuildInterval ?? RebuildInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(_interval, TimeSpan.Zero);
        _stopping = _disposed.Token;
        _changes.Changed += Invalidate;
        _site.Reloaded += Invalidate;
        if (metrics is not null)
        {
            // Observed, not recorded per rendering: the counts are kept here anyway, for the tests.
            metrics.Meter.CreateObservableCounter("aggregator_feed_renders", () => Rebuilds, "{rendering}",
                "Feed renderings begun by changes, readers and start-up (each reads the store and writes the feed).");
            metrics.Meter.CreateObservableCounter("aggregator_feed_render_time", () => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _renderTicks)).TotalSeconds, "s",
                "Time from a feed rendering's start until it landed, summed: the readers' cores it may have taken.");
        }
    }

    private long _renderTicks;

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

    public ValueTask<RenderedFeed?> GetAsync(string topicId, FeedFormatKind format, int limit, Uri siteBase, CancellationToken ct) =>
        Get(topicId, format, limit, siteBase, Interlocked.Read(ref _version), waitedBefore: false, ct);

    /// <param name="version">The change the reader asked after.</param>
    /// <param name="waitedBefore">This reader already waited for a rebuild begun before that change: it waits for the next in any case.</param>
    private ValueTask<RenderedFeed?> Get(string topicId, FeedFormatKind format, int limit, Uri siteBase, long version, bool waitedBefore, CancellationToken ct)
    {
        if (_site.FindTopic(topicId) is null)
        {
            // Not a slot per made-up topic name.
            return ValueTask.FromResult<RenderedFeed?>(null);
        }
        var key = (topicId, format.Extension, limit, siteBase.AbsoluteUri);
        var slot = SlotFor(key, format);
        Task<RenderedFeed?> rebuild;
        lock (slot)
        {
            slot.Read = true;
            if (slot.Feed is { } current && slot.Version >= version)
            {
                // The hot path: no Task per request.
                return ValueTask.FromResult<RenderedFeed?>(current);
            }
            if (slot.Deferred is not null && slot.Feed is { } meanwhile)
            {
                // Changes are streaming in and the next rendering is due within the interval: nobody waits for it.
                return ValueTask.FromResult<RenderedFeed?>(meanwhile);
            }
            if (slot.Rebuild is { } running)
            {
                // Only one reader per rebuild waits for it: that keeps a lone reader's read-after-commit, and
                // everyone else off the rebuild's critical path.
                if (slot.RebuildVersion < version)
                {
                    // The rebuild under way was begun before the change this reader asks after: the first such
                    // reader waits for it and then for the one begun when it lands.
                    if (slot.Feed is { } older && slot.NextWaited)
                    {
                        return ValueTask.FromResult<RenderedFeed?>(older);
                    }
                    slot.NextWaited = true;
                    return new ValueTask<RenderedFeed?>(AfterAsync(running, topicId, format, limit, siteBase, version, ct));
                }
                if (slot.Feed is { } last && slot.RebuildWaited && !waitedBefore)
                {
                    return ValueTask.FromResult<RenderedFeed?>(last);
                }
                slot.RebuildWaited = true;
                rebuild = running;
            }
            else if (RebuildOrDefer(slot, key, format) is { } started)
            {
                rebuild = started;
                slot.RebuildWaited = true;
                slot.Read = true;
            }
            else
            {
                // Rendered less than an interval ago: this reader gets that rendering, and the change shows when the interval is up.
                slot.Read = true;
                return ValueTask.FromResult<RenderedFeed?>(slot.Feed);
            }
        }
        return new ValueTask<RenderedFeed?>(rebuild.WaitAsync(ct));
    }

    private async Task<RenderedFeed?> AfterAsync(Task<RenderedFeed?> running, string topicId, FeedFormatKind format, int limit, Uri siteBase, long version, CancellationToken ct)
    {
        try
        {
            await running.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // That rebuild's failure is its own; the rebuild this reader needs starts below.
        }
        return await Get(topicId, format, limit, siteBase, version, waitedBefore: true, ct);
    }

    /// <summary>
    /// Renders, in the background, each topic's first page in every format at its default size for
    /// <paramref name="siteBase"/> that has no rendering yet: at start-up and after a config reload, so the
    /// first readers of a feed find a rendering to serve instead of all waiting for its first one. One at a
    /// time, so a store with many topics does not take every pool thread from the first polls.
    /// </summary>
    public async Task WarmAsync(Uri siteBase, int limit, CancellationToken ct)
    {
        foreach (var topic in _site.Topics.ToList())
        {
            foreach (var format in FeedFormatKind.All)
            {
                ct.ThrowIfCancellationRequested();
                var key = (topic.Id, format.Extension, limit, siteBase.AbsoluteUri);
                var slot = SlotFor(key, format);
                Task<RenderedFeed?>? rebuild = null;
                lock (slot)
                {
                    if (slot.Feed is null && slot.Rebuild is null)
                    {
                        rebuild = StartRebuild(slot, key, format, Interlocked.Read(ref _version));
                    }
                }
                if (rebuild is not null)
                {
                    await rebuild.WaitAsync(ct);
                }
            }
        }
    }

    private Slot SlotFor((string Topic, string Format, int Limit, string Base) key, FeedFormatKind format)
    {
        if (_feeds.TryGetValue(key, out var slot))
        {
            return slot;
        }
        if (_feeds.Count >= MaxEntries)
        {
            // Dropping everything is crude but bounded, and honest readers re-fill it in one render each.
            foreach (var (dropped, _) in _feeds)
            {
                if (_feeds.TryRemove(dropped, out var gone))
                {
                    Drop(gone);
                }
            }
        }
        return _feeds.GetOrAdd(key, static (_, f) => new Slot(f), format);
    }

    /// <summary>
    /// A stored change or reload: every rendering is now out of date. Those served since they were rendered are
    /// rendered again now, in the background, so their readers get the change without waiting for it; the
    /// others wait for a reader (so the work follows reads, not topics × formats × commits).
    /// </summary>
    public void Invalidate()
    {
        var version = Interlocked.Increment(ref _version);
        foreach (var (key, slot) in _feeds)
        {
            lock (slot)
            {
                if (slot.Read && slot.Rebuild is null && slot.Version < version && !_stopping.IsCancellationRequested)
                {
                    RebuildOrDefer(slot, key, slot.Format);
                }
            }
        }
    }

    /// <summary>
    /// Under the slot's lock, with no rebuild under way: renders now if the feed has no rendering or its last one began an
    /// interval ago or more; otherwise has the rendering begun when the interval is up (once, however many changes come
    /// meanwhile) and returns null.
    /// </summary>
    private Task<RenderedFeed?>? RebuildOrDefer(Slot slot, (string Topic, string Format, int Limit, string Base) key, FeedFormatKind format)
    {
        if (slot.Deferred is not null)
        {
            return null;
        }
        var since = slot.LastStarted is { } started ? _time.GetElapsedTime(started) : TimeSpan.MaxValue;
        if (slot.Feed is null || since >= _interval)
        {
            return StartRebuild(slot, key, format, Interlocked.Read(ref _version));
        }
        if (slot.Dropped)
        {
            // Out of the cache: no reader can find it again, so a rendering due later would be for nobody.
            return null;
        }
        // The callback takes the slot's lock, which is held here until Deferred is set.
        slot.Deferred = _time.CreateTimer(_ => RebuildDeferred(slot, key, format), null, _interval - since, Timeout.InfiniteTimeSpan);
        return null;
    }

    private void RebuildDeferred(Slot slot, (string Topic, string Format, int Limit, string Base) key, FeedFormatKind format)
    {
        lock (slot)
        {
            slot.Deferred?.Dispose();
            slot.Deferred = null;
            if (!slot.Dropped && slot.Rebuild is null && slot.Version < Interlocked.Read(ref _version) && !_stopping.IsCancellationRequested)
            {
                // Observed here, not awaited: a failure is logged by the rebuild, and the next reader or change starts another.
                _ = StartRebuild(slot, key, format, Interlocked.Read(ref _version));
            }
        }
    }

    /// <summary>Under the slot's lock.</summary>
    private Task<RenderedFeed?> StartRebuild(Slot slot, (string Topic, string Format, int Limit, string Base) key, FeedFormatKind format, long version)
    {
        Interlocked.Increment(ref _rebuilds);
        slot.LastStarted = _time.GetTimestamp();
        slot.RebuildVersion = version;
        slot.RebuildWaited = false;
        slot.NextWaited = false;
        slot.Read = false;
        // On the thread pool, not the caller's: the readers depend on it, so it must not end when one reader goes
        // away, its store read must not hold up a request's thread, and a commit must not wait for it.
        var rebuild = Task.Run(() => RebuildAsync(slot, key, format, version));
        slot.Rebuild = rebuild;
        return rebuild;
    }

    private async Task<RenderedFeed?> RebuildAsync(Slot slot, (string Topic, string Format, int Limit, string Base) key, FeedFormatKind format, long version)
    {
        var landed = false;
        var began = Stopwatch.GetTimestamp();
        try
        {
            if (await _builder.BuildAsync(key.Topic, key.Limit, new Uri(key.Base), _stopping) is not { } feed)
            {
                // The topic went with a config reload while we read.
                if (_feeds.TryRemove(new KeyValuePair<(string, string, int, string), Slot>(key, slot)))
                {
                    Drop(slot);
                }
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
                landed = true;
                return slot.Feed;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader waiting for it gets the error as well; a rebuild begun by a commit may have nobody waiting.
            LogRenderFailed(_logger, key.Topic, format.Extension, e.Message.ReplaceLineEndings(" "));
            throw;
        }
        finally
        {
            // Under the slot's lock, which the starter holds until it has set Rebuild: so this cannot run first.
            Interlocked.Add(ref _renderTicks, Stopwatch.GetTimestamp() - began);
            lock (slot)
            {
                slot.Rebuild = null;
                // Commits that came while this one rendered, for a feed read meanwhile: render once more for all of them.
                if (landed && !slot.Dropped && slot.Read && slot.Version < Interlocked.Read(ref _version) && !_stopping.IsCancellationRequested)
                {
                    RebuildOrDefer(slot, key, format);
                }
            }
        }
    }

    /// <summary>
    /// A slot taken out of the cache (over <see cref="MaxEntries"/>, or its topic gone): its pending rendering would run
    /// once for nobody, since no reader can reach the slot again, so the timer is disarmed, and one that is already firing
    /// finds the slot dropped under its lock.
    /// </summary>
    private static void Drop(Slot slot)
    {
        lock (slot)
        {
            slot.Dropped = true;
            slot.Deferred?.Dispose();
            slot.Deferred = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Topic}.{Format} not rendered: {Reason}; the next reader to ask starts another rendering")]
    private static partial void LogRenderFailed(ILogger logger, string topic, string format, string reason);

    public void Dispose()
    {
        _changes.Changed -= Invalidate;
        _site.Reloaded -= Invalidate;
        _disposed.Cancel();
        foreach (var slot in _feeds.Values)
        {
            lock (slot)
            {
                slot.Deferred?.Dispose();
                slot.Deferred = null;
            }
        }
        _disposed.Dispose();
    }

    internal static string ETagOf(byte[] body) => "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 12).ToLowerInvariant() + "\"";

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>One feed's last rendering, the version it shows, and the rebuild under way if any; guarded by its own lock.</summary>
    private sealed class Slot(FeedFormatKind format)
    {
        public readonly FeedFormatKind Format = format;
        public RenderedFeed? Feed;
        public long Version = -1;
        public Task<RenderedFeed?>? Rebuild;
        /// <summary>The version the rebuild under way will show.</summary>
        public long RebuildVersion = -1;
        /// <summary>A reader is already waiting for the rebuild under way.</summary>
        public bool RebuildWaited;
        /// <summary>A reader who asked after a later change is already waiting for the rebuild after the one under way.</summary>
        public bool NextWaited;
        /// <summary>Asked for since the last rebuild began: a change renders it again, without waiting for a reader.</summary>
        public bool Read;
        /// <summary>When the last rebuild began (<see cref="TimeProvider.GetTimestamp"/>); null before the first.</summary>
        public long? LastStarted;
        /// <summary>The rendering due once the interval since the last one is up; null when none is due.</summary>
        public ITimer? Deferred;
        /// <summary>Taken out of the cache: nothing is rendered for it any more but what a reader who already held it waits for.</summary>
        public bool Dropped;
    }
}
