using System.Globalization;

namespace Aggregator.Store;

/// <summary>
/// One page of a search, the same SQL on both providers: the topic's articles (the built-in "all" is
/// every article) among the newest <see cref="MaxCandidates"/> matches, narrowed to some outlets, in the
/// topic feed's order and with its rule that a cluster shows its earliest member (here: its earliest
/// matching member). Parameters: @topic, @limit, @o0…@oN for outlets, @sort and @seq with a cursor, and
/// whatever the provider's match set takes. Reads <see cref="StoredRows.TopicRow"/>.
/// </summary>
/// <remarks>
/// Every step reads at most <see cref="MaxCandidates"/> rows through an index, so a page costs the same
/// on any store size and for any word, common or absent. The cluster rule is a GROUP BY over the
/// candidates, not a NOT EXISTS per candidate: SQLite ran that NOT EXISTS by looping over the whole
/// candidate set for each candidate (b.seq IN m, with b.seq the rowid, looked cheaper to it than the
/// cluster index), 10,000 × 10,000 lookups, and a first page on 20,000 articles never returned.
/// </remarks>
internal static class SearchSql
{
    /// <summary>The most matches one page of a search considers: what bounds its cost on any store.</summary>
    public const int MaxCandidates = 10_000;

    /// <summary>The outlet parameter names, @o0…, for <paramref name="count"/> outlets.</summary>
    public static IEnumerable<string> OutletParameters(int count) => Enumerable.Range(0, count).Select(i => "o" + i.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The newest <see cref="MaxCandidates"/> articles of some outlets, by first_seen: each outlet's newest
    /// from its (outlet_id, first_seen) index, then the newest of those, so the read is bounded per outlet.
    /// </summary>
    public static string OutletCandidates(int outlets)
    {
        var union = string.Join("\n    UNION ALL ", OutletParameters(outlets).Select(p =>
            $"SELECT seq, first_seen FROM (SELECT seq, first_seen FROM articles WHERE outlet_id = @{p} ORDER BY first_seen DESC LIMIT {MaxCandidates}) {p}"));
        return $"SELECT seq FROM ({union}) u ORDER BY first_seen DESC LIMIT {MaxCandidates}";
    }

    /// <summary>The condition on an article aliased <paramref name="alias"/> being from one of the outlets.</summary>
    private static string OutletFilter(int outlets, string alias) =>
        outlets == 0 ? "" : $"AND {alias}.outlet_id IN ({string.Join(", ", OutletParameters(outlets).Select(p => "@" + p))})";

    /// <param name="matches">SELECT of at most <see cref="MaxCandidates"/> matching seqs, the newest first.</param>
    /// <param name="outlets">How many outlet parameters narrow the matches (0: any outlet).</param>
    /// <param name="articleKeys">The articles table as the candidates' cluster and outlet are read from it, aliased a.</param>
    public static string Page(TopicPageRequest request, string matches, int outlets, string articleKeys = "articles a")
    {
        var newerFirst = request.After is null;
        // "+ 0" keeps the page (p) from being read off the topic's order index: past the first page, PostgreSQL
        // walked that index from the cursor to the topic's oldest article and hash-joined the few candidates
        // against it (a word in 1 article in 1,000, on 1,000,000 articles, page ten: 550,450 rows, about 1 s).
        // The candidates are at most MaxCandidates, each looked up by the topic's primary key, then sorted.
        var cursor = (request.Before ?? request.After) is null ? ""
            : newerFirst ? "AND (t.sort_time + 0, t.article_seq + 0) < (@sort, @seq)" : "AND (t.sort_time + 0, t.article_seq + 0) > (@sort, @seq)";
        var order = newerFirst ? "DESC" : "ASC";
        // CROSS JOIN fixes SQLite's order, from the candidates out, never from the topic in; PostgreSQL reads it as a join.
        // Whole rows are read only for the page (p): sorting every candidate's row would carry its content along.
        return $"""
            WITH m AS MATERIALIZED ({matches}),
            f AS MATERIALIZED (
                SELECT min(a.seq) AS seq
                FROM m CROSS JOIN article_topics t CROSS JOIN {articleKeys}
                WHERE t.topic_id = @topic AND t.article_seq = m.seq AND a.seq = m.seq {OutletFilter(outlets, "a")}
                GROUP BY a.cluster_id),
            p AS MATERIALIZED (
                SELECT t.article_seq AS seq, t.sort_time
                FROM f CROSS JOIN article_topics t
                WHERE t.topic_id = @topic AND t.article_seq = f.seq
                  {cursor}
                ORDER BY t.sort_time + 0 {order}, t.article_seq + 0 {order}
                LIMIT @limit)
            SELECT {StoredRows.ArticleColumns}, p.sort_time
            FROM p CROSS JOIN articles a
            WHERE a.seq = p.seq
            ORDER BY p.sort_time {order}, p.seq {order};
            """;
    }
}
