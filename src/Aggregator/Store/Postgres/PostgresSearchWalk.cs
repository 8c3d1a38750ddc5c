namespace Aggregator.Store.Postgres;

/// <summary>
/// A search page on PostgreSQL read newest-first: the topic's articles in feed order from the cursor on, through
/// ix_article_topics_order, each tested against its stored tsvector, at most <see cref="Budget"/> of them. A word in
/// many articles fills a page within the first few hundred, whatever the number of matches; the GIN plan
/// (<see cref="SearchSql"/>) reads every match before it can keep the newest, which took seconds for a common word
/// on 100,000 articles. When the budget runs out before a page is full, a second walk goes as far as the density
/// seen promises a page, up to <see cref="MaxBudgetFactor"/> budgets; past that the word is rare and the GIN plan cheap.
/// </summary>
/// <remarks>
/// The answer is the GIN plan's: the topic's matching articles from the allowed outlets, of each cluster the member
/// with the lowest seq among those, in feed order. The GIN plan looks for that member among the newest
/// <see cref="SearchSql.MaxCandidates"/> matches, this walk among all matches: they differ only when a cluster's
/// earliest match lies beyond that many newer matches.
/// </remarks>
internal static class PostgresSearchWalk
{
    /// <summary>How many of the topic's articles one page of a search tests before it leaves the page to the GIN index.</summary>
    public const int Budget = 5_000;

    /// <summary>
    /// How many times <see cref="Budget"/> a second walk may test when the first found some matches but less than a page:
    /// enough for a page at the density the first walk saw (with a quarter to spare), if that is within this many.
    /// </summary>
    public const int MaxBudgetFactor = 4;

    public const string Match = "to_tsquery('simple'::regconfig, @match)";

    /// <summary>
    /// Parameters: @topic, @limit, @budget, @match with text, @o0… with outlets, and @sort, @seq with a cursor. Reads
    /// <see cref="StoredRows.TopicRow"/>. Without outlets the walk reads the topic in feed order; with outlets it reads
    /// each outlet's articles from ix_articles_outlet_order and merges them (an article's sort_time is its topic rows'),
    /// since one outlet among hundreds would leave the topic's walk a match in hundreds of rows.
    /// </summary>
    public static string Page(TopicPageRequest request, bool hasText, int outlets)
    {
        var newerFirst = request.After is null;
        var order = newerFirst ? "DESC" : "ASC";
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (x.sort_time, x.seq) < (@sort, @seq)" : "AND (x.sort_time, x.seq) > (@sort, @seq)";
        var outletNames = SearchSql.OutletParameters(outlets).Select(p => "@" + p).ToList();
        var walk = outlets == 0
            ? $"""
                SELECT x.seq, x.sort_time FROM (SELECT article_seq AS seq, sort_time FROM article_topics WHERE topic_id = @topic) x
                WHERE true {cursor}
                ORDER BY x.sort_time {order}, x.seq {order}
                LIMIT @budget
                """
            // Each outlet's own ordered walk, merged: one index range per outlet, never a sort of all their articles.
            : string.Join("\n    UNION ALL ", outletNames.Select(o => $"""
                (SELECT x.seq, x.sort_time FROM articles x WHERE x.outlet_id = {o} {cursor}
                 ORDER BY x.sort_time {order}, x.seq {order} LIMIT @budget)
                """));
        var match = hasText ? $"AND a.search @@ {Match}" : "";
        var inOutlets = outlets == 0 ? "" : $"IN ({string.Join(", ", outletNames)})";
        var inTopic = outlets == 0 ? "" : "AND EXISTS (SELECT 1 FROM article_topics t WHERE t.topic_id = @topic AND t.article_seq = a.seq)";
        // Each walked article is tested in a LATERAL subquery (OFFSET 0 keeps it one): the walk's order is kept and the
        // LIMIT ends it as soon as the page is full. As a plain join the planner, guessing few matches, hashed every
        // article of the outlet or word instead (5 s for one outlet's page on 1,000,000 articles).
        return $"""
            SELECT {StoredRows.ArticleColumns}, w.sort_time
            FROM (SELECT * FROM ({walk}) u ORDER BY u.sort_time {order}, u.seq {order} LIMIT @budget) w
            CROSS JOIN LATERAL (
                SELECT {StoredRows.ArticleColumns} FROM articles a
                WHERE a.seq = w.seq {match} {(outlets == 0 ? "" : "AND a.outlet_id " + inOutlets)} {inTopic}
                  AND NOT EXISTS (
                      SELECT 1 FROM articles b JOIN article_topics tb ON tb.article_seq = b.seq AND tb.topic_id = @topic
                      WHERE b.cluster_id = a.cluster_id AND b.seq < a.seq {match.Replace("a.search", "b.search", StringComparison.Ordinal)}
                        {(outlets == 0 ? "" : "AND b.outlet_id " + inOutlets)})
                OFFSET 0) a
            ORDER BY w.sort_time {order}, w.seq {order}
            LIMIT @limit;
            """;
    }
}
