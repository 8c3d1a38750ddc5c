namespace Aggregator.Store;

/// <summary>
/// One page of a search, in either provider's SQL: the topic's articles (the built-in "all" is every
/// article) that the full-text index matches, narrowed to some outlets, in the topic feed's order and
/// with its rule that a cluster shows its earliest member (here: its earliest matching member).
/// The matches are computed once (a materialized set), so the index is read once per page whatever
/// the plan. Parameters: @topic, @match (when there are words), @outlets, @limit, and @sort, @seq with a
/// cursor. Reads <see cref="StoredRows.TopicRow"/>.
/// </summary>
internal static class SearchSql
{
    /// <summary>The most matches one page of a search considers: what bounds its cost on any store.</summary>
    public const int MaxCandidates = 10_000;

    /// <summary>
    /// SQLite's plan: at most <see cref="MaxCandidates"/> matches, the newest by arrival, read from the
    /// index (FTS5 walks its lists backwards for ORDER BY rowid DESC) or from the outlets' index, then
    /// joined and sorted; CROSS JOIN fixes that order, so no query walks a whole topic. A word in every
    /// article and a word in none cost the same bounded read.
    /// </summary>
    public static string SqlitePage(TopicPageRequest request, bool hasText, string? outletFilter)
    {
        var matches = hasText
            ? $"SELECT rowid AS seq FROM article_search(@match) ORDER BY rowid DESC LIMIT {MaxCandidates}"
            : $"SELECT seq FROM articles WHERE outlet_id IN (SELECT value FROM json_each(@outlets)) ORDER BY first_seen DESC LIMIT {MaxCandidates}";
        var newerFirst = request.After is null;
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (t.sort_time, t.article_seq) < (@sort, @seq)" : "AND (t.sort_time, t.article_seq) > (@sort, @seq)";
        var outletA = outletFilter is null ? "" : "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, outletFilter, "a");
        var outletB = outletFilter is null ? "" : "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, outletFilter, "b");
        // CROSS JOIN fixes the order: from the matches out, never from the topic in.
        return $"""
            WITH m AS MATERIALIZED ({matches})
            SELECT {StoredRows.ArticleColumns}, t.sort_time
            FROM m CROSS JOIN article_topics t CROSS JOIN articles a
            WHERE t.topic_id = @topic AND t.article_seq = m.seq AND a.seq = m.seq
              {cursor}
              {outletA}
              AND NOT EXISTS (
                  SELECT 1 FROM articles b JOIN article_topics tb ON tb.article_seq = b.seq AND tb.topic_id = @topic
                  WHERE b.cluster_id = a.cluster_id AND b.seq < a.seq AND b.seq IN (SELECT seq FROM m) {outletB})
            ORDER BY {(newerFirst ? "t.sort_time DESC, t.article_seq DESC" : "t.sort_time ASC, t.article_seq ASC")}
            LIMIT @limit;
            """;
    }

    /// <param name="matchSet">SELECT of the matching seqs, e.g. the FTS5 MATCH; null when only outlets narrow.</param>
    /// <param name="outletFilter">The condition on an article aliased {0} being from one of @outlets; null for any outlet.</param>
    /// <param name="matchCheck">Instead of a match set, a condition on an article aliased {0} being a match.</param>
    public static string Page(TopicPageRequest request, string? matchSet, string? outletFilter, string? matchCheck = null)
    {
        var newerFirst = request.After is null;
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (t.sort_time, t.article_seq) < (@sort, @seq)" : "AND (t.sort_time, t.article_seq) > (@sort, @seq)";
        var with = matchSet is null ? "" : $"WITH m AS MATERIALIZED ({matchSet})";
        var matchA = matchSet is not null ? "AND a.seq IN (SELECT seq FROM m)"
            : matchCheck is not null ? "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, matchCheck, "a") : "";
        var matchB = matchSet is not null ? "AND b.seq IN (SELECT seq FROM m)"
            : matchCheck is not null ? "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, matchCheck, "b") : "";
        var outletA = outletFilter is null ? "" : "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, outletFilter, "a");
        var outletB = outletFilter is null ? "" : "AND " + string.Format(System.Globalization.CultureInfo.InvariantCulture, outletFilter, "b");
        return $"""
            {with}
            SELECT {StoredRows.ArticleColumns}, t.sort_time
            FROM article_topics t JOIN articles a ON a.seq = t.article_seq
            WHERE t.topic_id = @topic
              {cursor}
              {matchA}
              {outletA}
              AND NOT EXISTS (
                  SELECT 1 FROM articles b JOIN article_topics tb ON tb.article_seq = b.seq AND tb.topic_id = @topic
                  WHERE b.cluster_id = a.cluster_id AND b.seq < a.seq {matchB} {outletB})
            ORDER BY {(newerFirst ? "t.sort_time DESC, t.article_seq DESC" : "t.sort_time ASC, t.article_seq ASC")}
            LIMIT @limit;
            """;
    }
}
