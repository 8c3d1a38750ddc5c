using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Aggregator.Model;

namespace Aggregator.Observability;

/// <summary>
/// The worker's instruments, on one <see cref="Meter"/> named "Aggregator". Callers record what
/// happened through the Record* methods and never touch an instrument, so names and labels stay
/// in this one file. Instrument names are already the Prometheus names (the exporter only adds
/// `_total` to counters), which keeps `/metrics` predictable for dashboards.
/// </summary>
public sealed class AggregatorMetrics
{
    public const string MeterName = "Aggregator";

    // Polls range from a 304 in tens of milliseconds to a slow host near the fetch timeout.
    private static readonly double[] FetchDurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> polls;
    private readonly Counter<long> items;
    private readonly Counter<long> parseFailures;
    private readonly Counter<long> entriesDropped;
    private readonly Counter<long> fieldsDropped;
    private readonly Counter<long> fetchBytes;
    private readonly Histogram<double> fetchDuration;
    // Requests served by (route template, status), read by an observable counter at scrape time: a counter's Add with
    // tags built the series' label text per request, a quarter of what a served feed allocated (issue 23).
    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> httpRequests = new();
    private readonly Counter<long> fullTextPages;
    private readonly Counter<long> fullTextGivenUp;
    private readonly Counter<long> fullTextDropped;
    private readonly Counter<long> webSubFailures;
    private readonly Counter<long> webSubRefused;
    private readonly Counter<long> searches;
    private readonly Counter<long> pagesCut;
    private readonly Counter<long> repeatedBlocks;
    private readonly Counter<long> bytesIgnored;
    private readonly Counter<long> invalidBodies;
    private readonly Counter<long> replacedSequences;
    private readonly Counter<long> fetchesHeld;

    // Each fullText outlet's backlog (waiting, given up), as its last drain found it, seeded from the store at startup.
    private readonly ConcurrentDictionary<string, (int Waiting, int GivenUp)> backlogs = new(StringComparer.Ordinal);

    // Sources supplied later by whoever knows the answer; volatile because the scrape thread reads them.
    private volatile Func<OutletStateCounts?>? outletStates;
    private volatile Func<long?>? storeSize;
    private volatile Func<long?>? queueDepth;
    private volatile Func<StoreStats?>? storeStats;
    // Set by the host, which knows the store: Observability comes before Store in the pipeline and does not reach into it.
    private volatile Func<long>? unreadableTexts;

    // Whether each outlet's latest poll succeeded, for the outlet-state gauge without a store query per scrape.
    private readonly ConcurrentDictionary<string, bool> lastPollSucceeded = new(StringComparer.Ordinal);

    public AggregatorMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        polls = Meter.CreateCounter<long>("aggregator_polls", "{poll}", "Outlet polls by outcome (ok, not-modified, failed, waiting); a waiting poll also by the reason it waits (url, host, rate_group, robots).");
        items = Meter.CreateCounter<long>("aggregator_items", "{item}", "Entries ingested by kind (new, updated, deduplicated).");
        parseFailures = Meter.CreateCounter<long>("aggregator_parse_failures", "{failure}", "Fetched bodies that could not be read as a feed or listing.");
        entriesDropped = Meter.CreateCounter<long>("aggregator_entries_dropped", "{entry}",
            "Entries a fetched body held that were not ingested, by reason (unreadable markup, over the entry limit, cut off, empty, stale: a pushed entry older than the stored article).");
        fieldsDropped = Meter.CreateCounter<long>("aggregator_entry_fields_dropped", "{field}",
            "Fields of stored entries not kept as the feed gave them, by field and reason (cut to its bound, hashed, over_limit of a list, not_web link dropped, a future date clamped to the fetch, an unreadable date).");
        fetchBytes = Meter.CreateCounter<long>("aggregator_fetch_bytes", "By", "Response body bytes fetched from outlets.");
        fetchDuration = Meter.CreateHistogram("aggregator_fetch_duration_seconds", "s", "Time to fetch and read one outlet.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FetchDurationBuckets });
        Meter.CreateObservableCounter("aggregator_http_requests", MeasureHttpRequests, "{request}", "HTTP requests served, by route template and status code.");
        fullTextPages = Meter.CreateCounter<long>("aggregator_fulltext_pages", "{page}",
            "Article pages of fullText outlets by result (fetched, retried later, deferred at the host's request, given_up).");
        fullTextGivenUp = Meter.CreateCounter<long>("aggregator_fulltext_given_up", "{page}",
            "Article pages given up on after their last try, by reason (http_404, robots, unreachable, no_content, ...); the article keeps its feed's text.");
        fullTextDropped = Meter.CreateCounter<long>("aggregator_fulltext_dropped", "{page}",
            "Waiting article pages taken out of the backlog unfetched, by reason (outlet_removed from feeds.json, fulltext_off).");
        webSubFailures = Meter.CreateCounter<long>("aggregator_websub_subscription_failures", "{failure}",
            "WebSub subscription attempts that failed, by reason (hub_refused, unreachable, not_verified, error); the outlet is polled meanwhile.");
        webSubRefused = Meter.CreateCounter<long>("aggregator_websub_pushes_refused", "{push}",
            "WebSub pushes not taken, by reason (bad_signature, too_large, unknown_subscription); no outlet label, since an unknown one is the pusher's text.");
        searches = Meter.CreateCounter<long>("aggregator_searches", "{search}",
            "Searches run (/search, search feeds, a topic's ?q=) by outcome: ok, or stopped at defaults.searchTimeout.");
        pagesCut = Meter.CreateCounter<long>("aggregator_pages_cut", "{page}",
            "Fetched pages read only in part, by reason: listing_size (a listing over 2 Mi characters, its tail not scraped), article_size (an article page over 2 Mi characters once its scripts, styles, SVG and data URIs are set aside, its tail not extracted).");
        repeatedBlocks = Meter.CreateCounter<long>("aggregator_fulltext_repeated_blocks", "{block}",
            "Blocks left out of extracted article pages because at least two other pages of the same outlet repeat them (its furniture: newsletter boxes, related lists, appeals), by outlet.");
        bytesIgnored = Meter.CreateCounter<long>("aggregator_fetch_ignored_bytes", "By",
            "Bytes of fetched bodies skipped, by reason: gzip_junk (after a whole gzip body's last member).");
        invalidBodies = Meter.CreateCounter<long>("aggregator_fetch_invalid_bodies", "{body}",
            "Bodies (feeds, listings, article pages) with bytes invalid in the charset they were read with, by outlet and charset: each invalid sequence became U+FFFD.");
        replacedSequences = Meter.CreateCounter<long>("aggregator_fetch_replaced_sequences", "{sequence}",
            "Byte sequences invalid in their body's charset, each read as U+FFFD, by outlet and charset.");
        fetchesHeld = Meter.CreateCounter<long>("aggregator_fetch_held", "{request}",
            "Requests not sent because their host asked us to wait, by the wait that held them (url, host, rate_group, robots).");
        Meter.CreateObservableGauge("aggregator_fulltext_backlog", MeasureBacklogs, "{page}",
            "Article pages of each fullText outlet waiting in its backlog (given up ones not counted).");
        Meter.CreateObservableGauge("aggregator_outlets", MeasureOutletStates, "{outlet}", "Enabled outlets by state (ok, failing, never polled).");
        Meter.CreateObservableGauge("aggregator_store_size_bytes", () => Observe(storeSize), "By", "Size of the SQLite database with its WAL.");
        Meter.CreateObservableGauge("aggregator_store_articles", () => Observe(() => storeStats?.Invoke()?.Articles), "{article}", "Articles stored (retention prunes the old ones).");
        Meter.CreateObservableGauge("aggregator_store_tombstones", () => Observe(() => storeStats?.Invoke()?.Tombstones), "{tombstone}",
            "Pruned articles remembered so that an outlet still listing them never brings them back.");
        Meter.CreateObservableGauge("aggregator_store_oldest_article_timestamp_seconds", () => Observe(() => storeStats?.Invoke()?.OldestArticle?.ToUnixTimeSeconds()), "s",
            "Date (published, else first seen) of the oldest stored article, as Unix seconds.");
        Meter.CreateObservableCounter("aggregator_store_unreadable_texts", () => unreadableTexts?.Invoke() ?? 0, "{text}",
            "Stored summaries or contents SQLite's search function could not read (damaged packed text): the article was indexed without them.");
        Meter.CreateObservableGauge("aggregator_scheduler_queue_depth", () => Observe(queueDepth), "{outlet}", "Outlet polls the scheduler is running now.");
        // The runtime's own costs, so a load test (bench/Aggregator.Load) reads allocation and full collections per round from outside.
        // Precise: the approximate total counts each thread's whole allocation buffer and takes the unused rest back when
        // a collection runs or the thread ends, so with many threads it stood still over a megabyte allocated (a full
        // test run; a busy worker). The precise count pauses the runtime for a moment, once per scrape.
        Meter.CreateObservableCounter("dotnet_gc_allocated", () => GC.GetTotalAllocatedBytes(precise: true), "By", "Bytes the process has allocated on the managed heap.");
        Meter.CreateObservableCounter("dotnet_gc_collections", MeasureCollections, "{collection}", "Garbage collections by generation (a generation-2 one is a full collection).");
        // Every thread, a reader's included, stands still while a collection runs (the GC is non-concurrent): the
        // share of a window spent paused bounds what tuning the request path can win (issue 23, bench/README.md).
        Meter.CreateObservableCounter("dotnet_gc_pause_time", () => GC.GetTotalPauseDuration().TotalSeconds, "s", "Time the runtime was paused for garbage collections.");
    }

    public Meter Meter { get; }

    /// <summary>
    /// One finished poll: the outcome is PollReport's status (ok, not-modified, failed, waiting). A waiting poll sent
    /// nothing, so it says nothing of whether the outlet works: the last outcome stays what it was; it carries the wait
    /// that held it as its reason label (url, host, rate_group, robots), the other outcomes carry none.
    /// </summary>
    public void RecordPoll(string outletId, string outcome, int @new, int updated, long bytes, double seconds, int deduplicated = 0,
        string? heldBy = null)
    {
        var outlet = new KeyValuePair<string, object?>("outlet", outletId);
        if (heldBy is null)
        {
            polls.Add(1, outlet, new("outcome", outcome));
        }
        else
        {
            polls.Add(1, outlet, new("outcome", outcome), new("reason", heldBy));
        }
        // Adding zeros on purpose: the series exist from the first poll, so rate() has a baseline.
        items.Add(@new, outlet, new("kind", "new"));
        items.Add(updated, outlet, new("kind", "updated"));
        items.Add(deduplicated, outlet, new("kind", "deduplicated"));
        fetchBytes.Add(bytes, outlet);
        foreach (var reason in EntryLoss.Reasons)
        {
            entriesDropped.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        fetchDuration.Record(seconds, outlet);
        if (outcome is "ok" or "not-modified" or "failed")
        {
            lastPollSucceeded[outletId] = outcome != "failed";
        }
    }

    /// <summary>A request the fetcher did not send because a wait was in force; reason is one of FetchResult's HeldBy labels.</summary>
    public void RecordFetchHeld(string reason) => fetchesHeld.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Entries of a poll's body that were not ingested; reason is one of <see cref="EntryLoss"/>'s labels.</summary>
    public void RecordEntriesDropped(string reason, int count)
    {
        if (count > 0)
        {
            entriesDropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public const string ListingSize = "listing_size";
    public const string ArticleSize = "article_size";
    public const string GzipJunk = "gzip_junk";

    /// <summary>
    /// Fields of a poll's entries not kept as the feed gave them (the entries were stored); reason is one of the
    /// Normalize stage's FieldNote reasons (cut, hashed, over_limit, not_web), field the entry's field.
    /// </summary>
    public void RecordFieldsDropped(string field, string reason, int count)
    {
        if (count > 0)
        {
            fieldsDropped.Add(count, new("field", field), new("reason", reason));
        }
    }

    /// <summary>A poll's bodies that had bytes invalid in the charset they were read with (a charset label is one the runtime knows: bounded).</summary>
    public void RecordInvalidBytes(string outletId, string charset, int bodies, long replaced)
    {
        KeyValuePair<string, object?>[] tags = [new("outlet", outletId), new("charset", charset)];
        invalidBodies.Add(bodies, tags);
        replacedSequences.Add(replaced, tags);
    }

    /// <summary>A fetched page read only up to a limit; reason is <see cref="ListingSize"/> or <see cref="ArticleSize"/>.</summary>
    public void RecordPageCut(string reason) => pagesCut.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Blocks of one article page left out as the outlet's repeated furniture.</summary>
    public void RecordRepeatedBlocks(string outletId, int blocks) => repeatedBlocks.Add(blocks, new KeyValuePair<string, object?>("outlet", outletId));

    /// <summary>Bytes of a fetched body skipped as not part of it; reason is <see cref="GzipJunk"/>.</summary>
    public void RecordIgnoredBytes(string reason, long bytes) => bytesIgnored.Add(bytes, new KeyValuePair<string, object?>("reason", reason));

    public const string PageFetched = "fetched";
    public const string PageRetried = "retried";
    public const string PageDeferred = "deferred";
    public const string PageGivenUp = "given_up";

    public const string SearchOk = "ok";
    public const string SearchStopped = "stopped";

    /// <summary>One search run against the store: <see cref="SearchOk"/> or <see cref="SearchStopped"/>.</summary>
    public void RecordSearch(string outcome) => searches.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>One try at an article's page; a given-up page also counts under its reason.</summary>
    public void RecordFullTextPage(string outletId, string result, string? reason = null)
    {
        var outlet = new KeyValuePair<string, object?>("outlet", outletId);
        fullTextPages.Add(1, outlet, new("result", result));
        if (result == PageGivenUp)
        {
            fullTextGivenUp.Add(1, outlet, new("reason", reason ?? "unknown"));
        }
    }

    /// <summary>An outlet's backlog after its drain.</summary>
    public void RecordBacklog(string outletId, int waiting, int givenUp) => backlogs[outletId] = (waiting, givenUp);

    /// <summary>Seeds the backlog gauge from the store at startup, before any drain.</summary>
    public void RememberBacklogs(IEnumerable<(string OutletId, int Waiting, int GivenUp)> stored)
    {
        foreach (var (outletId, waiting, givenUp) in stored)
        {
            backlogs.TryAdd(outletId, (waiting, givenUp));
        }
    }

    /// <summary>Waiting pages dropped from an outlet's backlog unfetched; reason is one of BacklogCleanup's labels.</summary>
    public void RecordBacklogDropped(string outletId, string reason, int pages)
    {
        fullTextDropped.Add(pages, new("outlet", outletId), new("reason", reason));
        backlogs.TryRemove(outletId, out _);
    }

    /// <summary>The backlog gauge shows only outlets that still fetch full text.</summary>
    public void KeepBacklogsOf(IReadOnlySet<string> fullTextOutlets)
    {
        foreach (var outletId in backlogs.Keys.Where(id => !fullTextOutlets.Contains(id)))
        {
            backlogs.TryRemove(outletId, out _);
        }
    }

    private IEnumerable<Measurement<long>> MeasureBacklogs() =>
        backlogs.Select(b => new Measurement<long>(b.Value.Waiting, new KeyValuePair<string, object?>("outlet", b.Key))).ToList();

    /// <summary>A WebSub subscription attempt that failed; reason is a bounded label (WebSubSubscriber's).</summary>
    public void RecordWebSubFailure(string outletId, string reason) =>
        webSubFailures.Add(1, new("outlet", outletId), new("reason", reason));

    /// <summary>A WebSub push refused before it was read as a feed; reason is one of WebSub's PushRefusals labels.</summary>
    public void RecordWebSubPushRefused(string reason) => webSubRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordParseFailure(string outletId) => parseFailures.Add(1, new KeyValuePair<string, object?>("outlet", outletId));

    /// <summary>One served request; route is the endpoint's template (bounded), never the raw path.</summary>
    public void RecordHttpRequest(string route, int status) =>
        Interlocked.Increment(ref httpRequests.GetOrAdd((route, status), static _ => new StrongBox<long>()).Value);

    private IEnumerable<Measurement<long>> MeasureHttpRequests()
    {
        foreach (var ((route, status), count) in httpRequests)
        {
            yield return new Measurement<long>(Interlocked.Read(ref count.Value),
                new("route", route), new("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Raised by <see cref="KeepOutlets"/>: the exporter drops the series of the outlets not named.</summary>
    public event Action<IReadOnlySet<string>>? OutletsKept;

    /// <summary>
    /// After a reload: forgets what is kept here per outlet (last poll's outcome, backlog) for outlets no longer in feeds.json,
    /// and has the exporter drop their series. A removed outlet's history is in the store and the log; /metrics shows
    /// the outlets that run, so a year of edits does not leave it growing. A counter of an outlet added back starts again
    /// from zero, which Prometheus reads as a reset.
    /// </summary>
    public void KeepOutlets(IReadOnlySet<string> configured)
    {
        foreach (var outletId in lastPollSucceeded.Keys.Where(id => !configured.Contains(id)))
        {
            lastPollSucceeded.TryRemove(outletId, out _);
        }
        foreach (var outletId in backlogs.Keys.Where(id => !configured.Contains(id)))
        {
            backlogs.TryRemove(outletId, out _);
        }
        OutletsKept?.Invoke(configured);
    }

    /// <summary>
    /// The outlet-state gauge from the polls recorded here, seeded by <see cref="RememberOutlets"/>:
    /// the source names the outlets enabled now, so removed outlets drop out after a reload.
    /// </summary>
    public void ObserveEnabledOutlets(Func<IEnumerable<string>> enabledOutletIds) =>
        outletStates = () => CountOutlets(enabledOutletIds());

    /// <summary>Seeds the outlet states from the store at startup, with /healthz's rules (failing wins, then a past success).</summary>
    public void RememberOutlets(IEnumerable<OutletHealth> stored)
    {
        foreach (var state in stored)
        {
            if (state.ConsecutiveFailures > 0 || state.LastSuccess is not null)
            {
                lastPollSucceeded.TryAdd(state.OutletId, state.ConsecutiveFailures == 0);
            }
        }
    }

    public OutletStateCounts CountOutlets(IEnumerable<string> enabledOutletIds)
    {
        int ok = 0, failing = 0, never = 0;
        foreach (var id in enabledOutletIds)
        {
            if (!lastPollSucceeded.TryGetValue(id, out var succeeded))
            {
                never++;
            }
            else if (succeeded)
            {
                ok++;
            }
            else
            {
                failing++;
            }
        }
        return new OutletStateCounts(ok, failing, never);
    }

    public void ObserveStoreSize(Func<long?> source) => storeSize = source;

    /// <summary>The store's counts, from a sample the caller keeps fresh (a scrape must not count a million rows).</summary>
    public void ObserveStoreStats(Func<StoreStats?> source) => storeStats = source;

    /// <summary>Stored texts the store's search function could not read (see <c>SqliteSearchIndex.UnreadableTexts</c>).</summary>
    public void ObserveUnreadableTexts(Func<long> source) => unreadableTexts = source;

    public void ObserveSchedulerQueueDepth(Func<long?> source) => queueDepth = source;

    private IEnumerable<Measurement<long>> MeasureOutletStates()
    {
        if (outletStates?.Invoke() is not { } counts)
        {
            return [];
        }
        return
        [
            new(counts.Ok, new KeyValuePair<string, object?>("state", OutletStateCounts.OkState)),
            new(counts.Failing, new KeyValuePair<string, object?>("state", OutletStateCounts.FailingState)),
            new(counts.Never, new KeyValuePair<string, object?>("state", OutletStateCounts.NeverState)),
        ];
    }

    private static IEnumerable<Measurement<long>> MeasureCollections() =>
        Enumerable.Range(0, GC.MaxGeneration + 1).Select(generation => new Measurement<long>(GC.CollectionCount(generation),
            new KeyValuePair<string, object?>("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static IEnumerable<Measurement<long>> Observe(Func<long?>? source) =>
        source?.Invoke() is { } value ? [new Measurement<long>(value)] : [];
}
