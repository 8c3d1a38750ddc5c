using System.Collections.Concurrent;
using System.Text;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// The audit of every place a stage discards something from the web (session 25, h55g), written into
/// tests/reliability-report.md with what <see cref="FieldDropsTests"/> measured for the drops it made visible.
/// A row says where the drop is counted and shown, or "silent" with who owns the fix.
/// </summary>
public static class DropAudit
{
    public const string Section = "z-silent-drops-h55g";

    private static readonly ConcurrentDictionary<string, string> Measured = new(StringComparer.Ordinal);

    private const string Table = """
        ## Silent drops audit (2026-12-07, h55g)

        Every place a stage discards something a fetched body held: what is dropped, and where it is counted with its
        reason. "status" is the outlet's row (`note: ...` or its error), "log" a warning line naming the outlet.

        | place | what is dropped | counted where |
        | --- | --- | --- |
        | `Fetch/Fetcher` body over `MaxBodyBytes` (10 MB) | the whole body | poll failed `fetch: ... too large`: status, /healthz, log, `aggregator_polls_total{outcome="failed"}` |
        | `Fetch/Fetcher` gzip bytes after the last member | bytes | `aggregator_fetch_ignored_bytes_total{reason="gzip_junk"}` |
        | `Fetch/Fetcher` a request held (Retry-After, rate group, robots.txt wait) | the poll | `aggregator_polls_total{outcome="waiting",reason}`, `aggregator_fetch_held_total{reason}`, status, /healthz, `explain OUTLET` (new) |
        | `Fetch/Fetcher` an outlet header .NET cannot send | the header (from feeds.json, not the web) | log warning; `validate` names it |
        | `Fetch/RobotsCache` robots.txt past its first 500 KiB | the rest of robots.txt | by design (RFC 9309 §2.5), not counted |
        | `Fetch/BodyDecoder` bytes invalid in the body's charset | characters (become U+FFFD) | was **silent**; now (h56f) `aggregator_fetch_invalid_bodies_total{outlet,charset}`, `aggregator_fetch_replaced_sequences_total{outlet,charset}`, status note `fetch: N bodies had bytes invalid in C`, log |
        | `Parse/` entries whose markup cannot be made out, over the entry limit, cut off | entries | `aggregator_entries_dropped_total{reason="unreadable"/"over-limit"/"cut-off"}`, status note `parse: N of ~M entries read (...)`, /healthz, log |
        | `Parse/` repairs (mended markup, lone surrogates) | characters | log warning only (`Read X with N warnings`) |
        | `Parse/DateParser` a date element whose text is no date | the field (becomes null) | was **silent**; now (h56f) `aggregator_entry_fields_dropped_total{field="date",reason="unreadable"}`, status note with the text, log |
        | `Scrape/ListingScraper` listing over 2 Mi characters | the page's tail | `aggregator_pages_cut_total{reason="listing_size"}`, log |
        | `Scrape/ListingScraper` items past the entry limit | entries | `aggregator_entries_dropped_total{reason="over-limit"}`, status note |
        | `Scrape/ListingScraper` an item the configured selector matched with no title or link | the entry | was **silent**; now `aggregator_entries_dropped_total{reason="unreadable"}`, status note `N items of the selector without a title or link`, log |
        | `Scrape/` a promotion the page repeats, blocks detection did not choose | page furniture, not articles | by design (CONTRACT §5), not counted |
        | `Normalize/EntryNormalizer` an entry with nothing in it | the entry | `aggregator_entries_dropped_total{reason="empty"}`, log; now also status note `normalize: N empty entries not stored` |
        | `Normalize/EntryNormalizer` title, author, category, enclosure type over their bounds; an id over 512 characters | the field's tail (an id: kept as its hash) | was log only; now `aggregator_entry_fields_dropped_total{field,reason="cut"/"hashed"}`, status note |
        | `Normalize/EntryNormalizer` categories past 32, enclosures past 16 | list items | was log only; now `aggregator_entry_fields_dropped_total{field,reason="over_limit"}`, status note |
        | `Normalize/EntryNormalizer` a link, enclosure or image in another scheme than http(s) | the field | was **silent**; now `aggregator_entry_fields_dropped_total{field,reason="not_web"}`, log, status note |
        | `Normalize/EntryNormalizer` a date later than the fetch | changed to the fetch time, not dropped | was **silent**; now (h56f) `aggregator_entry_fields_dropped_total{field="published"/"updated",reason="future"}`, status note, log |
        | `Normalize/HtmlSanitizer` scripts, event attributes, unsafe URLs in summaries and contents | markup | by design (sanitizing), not counted |
        | `Dedup/` a copy of a story already stored | shown once, stored | `aggregator_items_total{kind="deduplicated"}`, `explain ARTICLE-ID` |
        | `Store/ArticleIngest` a pushed entry older than the stored article | the update | was log only; now (h56f) `aggregator_entries_dropped_total{reason="stale"}`, `explain OUTLET`, log |
        | `Pipeline/FullTextEnricher`, `FullText/` article page given up, cut, furniture blocks | the page's text | `aggregator_fulltext_given_up_total{reason}`, `aggregator_pages_cut_total{reason="article_size"}`, `aggregator_fulltext_repeated_blocks_total`, `explain ARTICLE-ID` |
        | `Pipeline/BacklogCleanup` waiting pages of an outlet removed or turned off | pages | `aggregator_fulltext_dropped_total{reason}` |
        | `Pipeline/FullTextBacklog` a drain that fails | nothing (the pages wait) | log warning |
        | `Topics/` | nothing: matching decides membership, every article stays in `all` | – |
        | `WebSub/WebSubCallbackEndpoints` a push over 10 MB | the push | was 413 only; now (h56f) `aggregator_websub_pushes_refused_total{reason="too_large"}`, log once a minute per outlet, `explain OUTLET` |
        | `WebSub/WebSubCallbackEndpoints` a push with a missing or wrong signature, or to an outlet or token with no subscription | the push | was a log line per push (a wrong signature) or nothing; now (h56f) `aggregator_websub_pushes_refused_total{reason="bad_signature"/"unknown_subscription"}`, log once a minute per outlet, `explain OUTLET` |
        """;

    public static string Markdown()
    {
        var text = new StringBuilder(Table.TrimEnd()).AppendLine().AppendLine();
        text.AppendLine("Measured through a real `run` polling a Kestrel outlet into SQLite (`tests/Aggregator.Tests/Pipeline/FieldDropsTests.cs`):").AppendLine();
        foreach (var (_, line) in Measured.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.AppendLine("- " + line);
        }
        return text.ToString();
    }

    public static void Record(Hostile.ReliabilityReport report, string key, string measured)
    {
        Measured[key] = measured;
        report.Record(Section, Markdown());
    }
}
