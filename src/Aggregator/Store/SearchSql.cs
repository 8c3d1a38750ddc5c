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
    /// <param name="matchSet">SELECT of the matching seqs, e.g. the FTS5 MATCH; null when only outlets narrow.</param>
    /// <param name="outletFilter">The condition on an article aliased {0} being from one of @outlets; null for any outlet.</param>
    public static string Page(TopicPageRequest request, string? matchSet, string? outletFilter)
    {
        var newerFirst = request.After is null;
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (t.sort_time, t.article_seq) < (@sort, @seq)" : "AND (t.sort_time, t.article_seq) > (@sort, @seq)";
        var with = matchSet is null ? "" : $"WITH m AS MATERIALIZED ({matchSet})";
        var matchA = matchSet is null ? "" : "AND a.seq IN (SELECT seq FROM m)";
        var matchB = matchSet is null ? "" : "AND b.seq IN (SELECT seq FROM m)";
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
