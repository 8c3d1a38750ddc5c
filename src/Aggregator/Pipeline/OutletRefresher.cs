using System.Diagnostics;
using Aggregator.Configuration;
using Aggregator.Dedup;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Observability;
using Aggregator.Parse;
using Aggregator.Store;
using Aggregator.Topics;
using Microsoft.Extensions.Logging;

namespace Aggregator.Pipeline;

/// <summary>
/// The whole refresh of one outlet, in order: conditional fetch → parse or scrape → normalize →
/// match topics → store (articles and outlet state in one transaction).
/// </summary>
public sealed partial class OutletRefresher(
    OutletReader reader,
    FullTextEnricher fullText,
    FullTextBacklog backlog,
    IAggregatorStore store,
    StoreChangeSignal changes,
    Func<PollRules> rules,
    TimeProvider time,
    AggregatorMetrics metrics,
    ILogger<OutletRefresher> logger)
{
    /// <summary>Raised after every stored poll or push, with the outlet's id (the WebSub subscriber looks for new hubs).</summary>
    public event Action<string>? Polled;

    /// <summary>The outlets' holds this refresher stores, as /healthz and the outlets page show them.</summary>
    public PollHolds Holds { get; } = new(store);

    public Task<PollReport> RefreshAsync(Outlet outlet, CancellationToken ct) =>
        GuardedAsync(outlet, async started =>
        {
            var state = await store.GetOutletAsync(outlet.Id, ct);
            return await StillHeldAsync(outlet, state, ct) ?? await IngestAsync(outlet, state, await reader.ReadAsync(outlet, state, ct), started, ct);
        }, ct);

    /// <summary>A poll for a caller that has just read the outlet's state (the scheduled job), so it is not read twice.</summary>
    public Task<PollReport> RefreshAsync(Outlet outlet, OutletHealth? state, CancellationToken ct) =>
        GuardedAsync(outlet, async started =>
            await StillHeldAsync(outlet, state, ct) ?? await IngestAsync(outlet, state, await reader.ReadAsync(outlet, state, ct), started, ct), ct);

    /// <summary>
    /// A poll asked for inside a hold already stored (its regular beat, a `poll`, the first firing after a restart) is
    /// skipped quietly: the fetcher would only hold it again, or, after a restart emptied its memory of waits, send what
    /// the host asked us not to. Not counted again: the hold was counted once, when the fetcher held a poll, and counting
    /// every beat inside it would make polls_total{outcome="waiting"} and fetch_held_total measure the outlet's interval
    /// rather than how often hosts ask us to wait. It is still reported as waiting until the hold's end, so the scheduler
    /// places (or, after a restart lost it, places again) the one firing that polls when the hold ends.
    /// </summary>
    private async Task<PollReport?> StillHeldAsync(Outlet outlet, OutletHealth? state, CancellationToken ct)
    {
        if (await Holds.CurrentAsync(outlet.Id, state, ct) is not { } hold || time.GetUtcNow() >= hold.Until)
        {
            return null;
        }
        LogBeatInsideHold(outlet.Id, hold.Until);
        return new PollReport(outlet.Id, PollReport.Waiting, 0, 0, 0, null, hold.Reason) { HeldUntil = hold.Until, HeldBy = hold.HeldBy };
    }

    /// <summary>Content a WebSub hub pushed for the outlet: read and stored like a poll's, at once.</summary>
    public Task<PollReport> IngestPushedAsync(Outlet outlet, byte[] body, string? contentType, Uri topic, CancellationToken ct) =>
        GuardedAsync(outlet, async started =>
        {
            var state = await store.GetOutletAsync(outlet.Id, ct);
            return await IngestAsync(outlet, state, reader.ReadBody(body, topic, contentType, OutletType.Feed, null), started, ct, pushed: true);
        }, ct);

    /// <summary>
    /// Full text between polls: a firing of the outlet's trigger that does not poll (an adaptive outlet not due yet, one
    /// a WebSub hub pushes to) still drains a poll's worth of its backlog. Returns the articles whose page arrived.
    /// </summary>
    public async Task<int> DrainBacklogAsync(Outlet outlet, CancellationToken ct)
    {
        var stored = await backlog.DrainAsync(outlet, FullTextEnricher.MaxPagesPerPoll, rules().Matcher, ct);
        if (stored > 0)
        {
            changes.Raise();
        }
        return stored;
    }

    private async Task<PollReport> GuardedAsync(Outlet outlet, Func<long, Task<PollReport>> poll, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // Dates the parsers could not read, and bytes a body's charset could not, are noted here for this poll only.
        using var dates = UnreadableDates.Watch();
        using var invalid = InvalidBytes.Watch();
        try
        {
            return await poll(started);
        }
        catch (StoreException e)
        {
            // The store refused (full, locked, read-only): this poll is lost, nothing stored before
            // it is, and the next poll tries again by itself.
            return Failed(outlet, started, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever a feed provokes past the fetcher (a parser's or extractor's exception) is this
            // outlet's failed poll, stored so status and /healthz show it, and never another outlet's
            // trouble or the process's end. A stop of the host is not a failure and is not caught.
            var error = $"poll: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ").Trim()}";
            await RecordFailureAsync(outlet, error, ct);
            return Failed(outlet, started, error);
        }
    }

    private PollReport Failed(Outlet outlet, long started, string error)
    {
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogPollFailed(outlet.Id, null, elapsed, error);
        metrics.RecordPoll(outlet.Id, PollReport.Failed, 0, 0, 0, elapsed / 1000.0);
        return new PollReport(outlet.Id, PollReport.Failed, 0, 0, elapsed, null, error);
    }

    private async Task RecordFailureAsync(Outlet outlet, string error, CancellationToken ct)
    {
        try
        {
            var state = await store.GetOutletAsync(outlet.Id, ct);
            await store.SavePollAsync(FailureRecord(outlet, state, ReadOutcome.Failed(error), time.GetUtcNow()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The failure is still logged and reported; only its stored trace is lost.
            LogFailureNotStored(outlet.Id, e.Message);
        }
    }

    private async Task<PollReport> IngestAsync(Outlet outlet, OutletHealth? state, ReadOutcome read, long started, CancellationToken ct, bool pushed = false)
    {
        if (read is { Status: ReadStatus.Failed, HeldBy: { } heldBy, RetryAfter: { } until })
        {
            return await HeldAsync(outlet, new PollHold(time.GetUtcNow(), until, heldBy, read.Error ?? "fetch: held"), started, ct);
        }
        var now = time.GetUtcNow();
        // Read once: a reload during the poll must not give its stages two different configurations.
        var current = rules();
        var defaults = current.Defaults;
        var duplicates = defaults.Duplicates;
        PollRecord record;
        var pagesFetched = 0;
        switch (read.Status)
        {
            case ReadStatus.Failed:
                record = FailureRecord(outlet, state, read, now);
                break;
            case ReadStatus.NotModified:
                // 304: nothing changed at the outlet, so nothing to parse or store beyond the attempt.
                record = SuccessRecord(outlet, read, now, [], duplicates);
                break;
            default:
                // Entries exactly as the last successful read held them are stored already: only the rest are normalized.
                (record, pagesFetched) = await NewEntriesRecordAsync(outlet, read, current, now, ct);
                break;
        }
        if (outlet.AutoInterval && read.Status != ReadStatus.Failed)
        {
            record = await WithAdaptiveIntervalAsync(outlet, state, read, record, defaults, now, ct);
        }
        if (read.Status == ReadStatus.NotModified || pushed)
        {
            // Only a feed read from the outlet says whether it still names a hub (the store drops a subscription whose hub
            // it stopped naming): a 304 has no feed, and what a hub pushes need not carry the link.
            record = record with { WebSubHub = state?.WebSubHub, WebSubTopic = state?.WebSubTopic };
        }
        // Handed over, not kept: an async method keeps its locals until it returns, and the store keeps a waiting poll's
        // articles as packed rows, not candidates; held here, the candidates would wait for the commit all the same.
        var summary = await store.SavePollAsync(HandOver(ref record) with { RefuseOlder = pushed }, ct);
        if (summary.Stale > 0)
        {
            metrics.RecordEntriesDropped(IngestSummary.StaleReason, summary.Stale);
            LogStaleEntries(outlet.Id, summary.Stale);
        }
        // Full text: what the poll's own pages left of its budget goes to the outlet's backlog, 304 or not.
        var pagesStored = read.Status == ReadStatus.Failed ? 0 : await backlog.DrainAsync(outlet, FullTextEnricher.MaxPagesPerPoll - pagesFetched, current.Matcher, ct);
        if (summary.Changed || pagesStored > 0)
        {
            changes.Raise();
        }
        Polled?.Invoke(outlet.Id);

        var status = read.Status switch
        {
            ReadStatus.Ok => PollReport.Ok,
            ReadStatus.NotModified => PollReport.NotModified,
            _ => PollReport.Failed,
        };
        var elapsed = Stopwatch.GetElapsedTime(started);
        // An article whose page arrived from the backlog is an updated article.
        var report = new PollReport(outlet.Id, status, summary.New, summary.Updated + pagesStored,
            (long)elapsed.TotalMilliseconds, read.StatusCode, read.Error);
        metrics.RecordPoll(outlet.Id, status, summary.New, summary.Updated + pagesStored, read.Bytes, elapsed.TotalSeconds, summary.Deduplicated);
        // A failure with a 2xx status: the body arrived but was not a feed or listing we could read.
        if (read.Status == ReadStatus.Failed && read.StatusCode is >= 200 and < 300)
        {
            metrics.RecordParseFailure(outlet.Id);
        }
        if (read.Loss is { } loss)
        {
            foreach (var (reason, count) in loss.Dropped)
            {
                metrics.RecordEntriesDropped(reason, count);
            }
            LogEntriesLost(outlet.Id, loss.Message);
        }
        if (read.Status == ReadStatus.Failed)
        {
            LogPollFailed(outlet.Id, report.StatusCode, report.ElapsedMilliseconds, read.Error!);
        }
        else
        {
            LogPolled(outlet.Id, status, report.StatusCode, report.New, report.Updated, report.ElapsedMilliseconds);
        }
        return report;
    }

    /// <summary>
    /// A poll the fetcher held back, nothing sent: the outlet did not fail, so no poll is recorded (that would count a
    /// failure, back it off and log an attempt). The hold is kept for `status`, counted, and its end handed to the scheduler.
    /// The fetcher's hold lines name a host and port, a rate group or an origin, never a URL's userinfo: logged as they are.
    /// </summary>
    private async Task<PollReport> HeldAsync(Outlet outlet, PollHold hold, long started, CancellationToken ct)
    {
        await Holds.SetAsync(outlet.Id, hold, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RecordPoll(outlet.Id, PollReport.Waiting, 0, 0, 0, elapsed.TotalSeconds, heldBy: hold.HeldBy);
        LogPollHeld(outlet.Id, hold.Until, hold.HeldBy, hold.Reason);
        return new PollReport(outlet.Id, PollReport.Waiting, 0, 0, (long)elapsed.TotalMilliseconds, null, hold.Reason)
        {
            HeldUntil = hold.Until,
            HeldBy = hold.HeldBy,
        };
    }

    /// <summary>A poll's record from its new entries; its own method, so the candidates' batch is not a local of the caller's wait.</summary>
    private async Task<(PollRecord Record, int PagesFetched)> NewEntriesRecordAsync(Outlet outlet, ReadOutcome read, PollRules current, DateTimeOffset now, CancellationToken ct)
    {
        var duplicates = current.Defaults.Duplicates;
        var seen = await SeenEntries.LoadAsync(store, outlet, FallbackLink(outlet, read), current.TopicsHash, duplicates, ct);
        var drops = new NormalizeDrops();
        if (UnreadableDates.Current is { Count: > 0 } dates)
        {
            drops.Fields.AddRange(dates.Texts.Select(text => new FieldNote("date", FieldNote.Unreadable, $"\"{text}\" is no date")));
            for (var i = dates.Texts.Count; i < dates.Count; i++)
            {
                drops.Fields.Add(new FieldNote("date", FieldNote.Unreadable, "no date"));
            }
        }
        var batch = await CandidatesAsync(outlet, read, seen, current.Matcher, now, drops, ct);
        var record = SuccessRecord(outlet, read, now, batch.Articles, duplicates);
        var notice = string.Join("; ", new[] { record.Notice, drops.Notice, InvalidBytesNotice(outlet.Id) }.OfType<string>());
        return (record with
        {
            Settings = seen.AsSettings(),
            Backlog = batch.Backlog,
            Notice = notice.Length == 0 ? null : notice,
        }, batch.PagesFetched);
    }

    /// <summary>The poll's bodies (its feed, pages followed, article pages) that had bytes invalid in their charset: counted, logged once, and the note's words.</summary>
    private string? InvalidBytesNotice(string outletId)
    {
        if (InvalidBytes.Current?.ByCharset is not { Count: > 0 } invalid)
        {
            return null;
        }
        foreach (var (charset, bodies, replaced) in invalid)
        {
            metrics.RecordInvalidBytes(outletId, charset, bodies, replaced);
        }
        var notice = "fetch: " + string.Join(", ", invalid.Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{i.Bodies} {(i.Bodies == 1 ? "body" : "bodies")} had bytes invalid in {i.Charset} ({i.Replaced} shown as U+FFFD)")));
        LogInvalidBytes(outletId, notice);
        return notice;
    }

    private static PollRecord HandOver(ref PollRecord record)
    {
        var handed = record;
        record = null!;
        return handed;
    }

    /// <summary>Normalized entries, with full text where the outlet asks for it, matched against the topics last (full text can decide a topic).</summary>
    private async Task<FullTextBatch> CandidatesAsync(
        Outlet outlet, ReadOutcome read, SeenEntries seen, TopicMatcher matcher, DateTimeOffset now, NormalizeDrops drops, CancellationToken ct)
    {
        var fallbackLink = FallbackLink(outlet, read);
        var normalized = new List<ArticleCandidate>(read.Entries.Count);
        foreach (var entry in read.Entries)
        {
            if (seen.SeenBefore(entry))
            {
                continue;
            }
            if (EntryNormalizer.IsEmpty(entry))
            {
                drops.Empty++;
                continue;
            }
            normalized.Add(EntryNormalizer.Normalize(entry, outlet.Id, fallbackLink, now, drops.Fields));
        }
        // The entries are candidates now, and full text may yet take seconds: let them go here, in every copy of the
        // outcome (the outlet reader's frame holds one, ReadOutcome.ReleaseEntries says why).
        read.ReleaseEntries();
        if (drops.Empty > 0)
        {
            metrics.RecordEntriesDropped(EntryNormalizer.EmptyReason, drops.Empty);
            LogEntriesLost(outlet.Id, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{drops.Empty} entries with nothing in them (no title, link, id, text or date) not stored"));
        }
        // What the reader repaired or cut is kept, never dropped unsaid.
        if (read.Warnings.Count > 0)
        {
            LogReadWarnings(outlet.Id, read.Warnings.Count, string.Join("; ", read.Warnings.Take(5)));
        }
        if (drops.Fields.Count > 0)
        {
            foreach (var (field, reason, count) in drops.FieldCounts)
            {
                metrics.RecordFieldsDropped(field, reason, count);
            }
            var notWeb = drops.Fields.Where(f => f.Reason == FieldNote.NotWeb).ToList();
            if (notWeb.Count > 0)
            {
                LogNotWeb(outlet.Id, notWeb.Count, string.Join(", ", notWeb.Take(5)));
            }
            var dates = drops.Fields.Where(f => f.Reason is FieldNote.Future or FieldNote.Unreadable).ToList();
            if (dates.Count > 0)
            {
                LogDates(outlet.Id, dates.Count, string.Join(", ", dates.Take(5)));
            }
            if (drops.Fields.Count > notWeb.Count + dates.Count)
            {
                LogClipped(outlet.Id, drops.Fields.Count - notWeb.Count - dates.Count,
                    string.Join(", ", drops.Fields.Where(f => f.Reason is not (FieldNote.NotWeb or FieldNote.Future or FieldNote.Unreadable)).Take(5)));
            }
        }
        var complete = await fullText.EnrichAsync(outlet, normalized, ct);
        return complete with { Articles = complete.Articles.Select(matcher.WithTopics).ToList() };
    }

    // The feed's own page names entries without a usable link; the outlet's URL (never its credentials) when the
    // feed names no web page.
    private static Uri FallbackLink(Outlet outlet, ReadOutcome read) => PublicLink.Of(read.Link) ?? PublicLink.WithoutUserInfo(outlet.Url);

    /// <summary>The next poll of an `"interval": "auto"` outlet, from its last week of articles and its hints.</summary>
    private async Task<PollRecord> WithAdaptiveIntervalAsync(
        Outlet outlet, OutletHealth? state, ReadOutcome read, PollRecord record, Defaults defaults, DateTimeOffset now, CancellationToken ct)
    {
        var feedHint = new[] { read.Hints.Ttl, read.Hints.UpdateEvery }.Max();
        // A 304 carries no feed: the hint the feed gave last time still holds.
        var hints = read.Status == ReadStatus.NotModified ? PublishingHints.None with { Ttl = state?.FeedHint } : read.Hints;
        var stored = await store.GetPublishTimesAsync(outlet.Id, now - AdaptiveInterval.Window, ct);
        var times = stored.Concat(record.Articles.Select(a => a.Published ?? now)).Distinct();
        var choice = AdaptiveInterval.Choose(times, hints, read.FreshFor, defaults.MinInterval, defaults.MaxInterval, now);
        return record with { NextDue = choice.NextDue, IntervalNote = choice.Reason, FeedHint = feedHint };
    }

    private static DuplicatePolicy? PolicyFrom(DuplicateThresholds thresholds) =>
        thresholds.Enabled
            ? DuplicatePolicy.Default with { NearJaccard = thresholds.Similarity, Containment = thresholds.Containment }
            : null;

    private static PollRecord SuccessRecord(
        Outlet outlet, ReadOutcome read, DateTimeOffset now, IReadOnlyList<ArticleCandidate> articles, DuplicateThresholds duplicates) => new()
    {
        OutletId = outlet.Id,
        AttemptedAt = now,
        Succeeded = true,
        StatusCode = read.StatusCode,
        ETag = read.ETag,
        LastModified = read.LastModified,
        NextDue = outlet.Cron is null ? now + outlet.Interval : null,
        ResolvedFeedUrl = read.ResolvedFeedUrl,
        Duplicates = PolicyFrom(duplicates),
        Structure = read.Structure,
        WebSubHub = read.Hub,
        // The topic goes to the hub, another host: never with the outlet's credentials.
        WebSubTopic = read.Hub is null ? null : PublicLink.WithoutUserInfo(read.SelfUrl ?? read.ResolvedFeedUrl ?? outlet.Url),
        Notice = NoticeOf(read),
        Articles = articles,
    };

    // What the operator should see though the poll worked: a permanent redirect, entries the body held that were not read.
    private static string? NoticeOf(ReadOutcome read)
    {
        var moved = MovedNotice(read);
        var lost = read.Loss?.Message;
        return moved is null ? lost : lost is null ? moved : moved + "; " + lost;
    }

    private static PollRecord FailureRecord(Outlet outlet, OutletHealth? state, ReadOutcome read, DateTimeOffset now)
    {
        var failures = (state?.ConsecutiveFailures ?? 0) + 1;
        var nextDue = now + Backoff.NextDelay(failures, outlet.Interval, Random.Shared);
        // The host's own word on when to come back wins when it asks for longer than our backoff.
        if (read.RetryAfter is { } retryAfter && retryAfter > nextDue)
        {
            nextDue = retryAfter;
        }
        return new PollRecord
        {
            OutletId = outlet.Id,
            AttemptedAt = now,
            Succeeded = false,
            StatusCode = read.StatusCode,
            Error = read.Error,
            NextDue = nextDue,
            // Gone stops scheduled polling until feeds.json names another URL for the outlet.
            GoneUrl = read.Gone ? outlet.Url : null,
            // A listing whose selectors stopped matching says which structure it was looking for.
            Structure = read.Structure,
            Notice = MovedNotice(read),
        };
    }

    // A permanent redirect is the operator's to act on, whether the poll then worked or not; never with the URL's credentials.
    private static string? MovedNotice(ReadOutcome read) =>
        read.PermanentRedirect is { } to ? $"moved permanently to {PublicLink.WithoutUserInfo(to).AbsoluteUri}; update feeds.json" : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read {OutletId} with {Count} warnings: {Warnings}")]
    private partial void LogReadWarnings(string outletId, int count, string warnings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} dates of {OutletId} not kept as the feed gave them (unreadable, or later than the fetch): {Fields}")]
    private partial void LogDates(string outletId, int count, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cut {Count} overlong fields of {OutletId} to their bounds: {Fields}")]
    private partial void LogClipped(string outletId, int count, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} links of {OutletId} that are not web links (the entries are stored without them): {Fields}")]
    private partial void LogNotWeb(string outletId, int count, string fields);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Polled {OutletId}: {Outcome} status={StatusCode} new={New} updated={Updated} in {ElapsedMs} ms")]
    private partial void LogPolled(string outletId, string outcome, int? statusCode, int @new, int updated, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polled {OutletId}: {Invalid}")]
    private partial void LogInvalidBytes(string outletId, string invalid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polled {OutletId}: {Loss}")]
    private partial void LogEntriesLost(string outletId, string loss);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Polled {OutletId}: failed status={StatusCode} in {ElapsedMs} ms: {Error}")]
    private partial void LogPollFailedCore(string outletId, string statusCode, long elapsedMs, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Pushed content for {OutletId}: {Count} entries older than the stored articles were ignored (a replayed push cannot roll an article back)")]
    private partial void LogStaleEntries(string outletId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll of {OutletId} held ({HeldBy}) until {Until:O}, not counted as a failure: {Reason}")]
    private partial void LogPollHeld(string outletId, DateTimeOffset until, string? heldBy, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of {OutletId} skipped: it waits for a hold ending at {Until:O}, polled then")]
    private partial void LogBeatInsideHold(string outletId, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the failed poll of {OutletId}: {Error}")]
    private partial void LogFailureNotStored(string outletId, string error);

    // No response at all (DNS, refused, timeout) reads better as "-" than as "(null)".
    private void LogPollFailed(string outletId, int? statusCode, long elapsedMs, string error) =>
        LogPollFailedCore(outletId, statusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", elapsedMs, PublicLink.Redact(error));
}
