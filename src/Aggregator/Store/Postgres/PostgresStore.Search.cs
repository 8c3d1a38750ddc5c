using Aggregator.Model;
using Npgsql;
using NpgsqlTypes;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    public Task<TopicPage> SearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, CancellationToken ct) =>
        SearchAsync(topicId, query, request, PostgresSearchPlan.Chosen, ct);

    /// <summary>How many of the topic's articles the newest-first walk tests per page (tests lower it to reach the fallback on a small store).</summary>
    internal int SearchWalkBudget { get; init; } = PostgresSearchWalk.Budget;

    internal async Task<TopicPage> SearchAsync(string topicId, SearchCriteria query, TopicPageRequest request, PostgresSearchPlan plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            // The budget as the statement timeout, for this transaction only (SET LOCAL takes no parameters).
            var timeoutMs = Math.Max(1, (long)Math.Ceiling(query.Budget.Limit.TotalMilliseconds));
            await using (var limit = new NpgsqlCommand($"SET LOCAL statement_timeout = {timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)};", connection, tx))
            {
                await limit.ExecuteNonQueryAsync(ct);
            }
            List<(Article Article, TopicPosition Cursor)>? shown = null;
            if (plan != PostgresSearchPlan.MatchIndex)
            {
                shown = await WalkAsync(topicId, query, request, SearchWalkBudget, connection, tx, ct);
                // Short of a page, the first walk tells how dense the matches are. A word that fills a page within
                // PostgresSearchWalk.MaxBudget articles is walked that far (on 1,000,000 articles the GIN plan took 2-6 s for one
                // in 130); a rarer one is left to the GIN index, which then has few matches to read.
                var wanted = request.Limit + 1;
                if (shown.Count < wanted && shown.Count > 0)
                {
                    var further = (long)SearchWalkBudget * wanted * 5 / (4L * shown.Count);
                    if (further <= (long)SearchWalkBudget * PostgresSearchWalk.MaxBudgetFactor)
                    {
                        shown = await WalkAsync(topicId, query, request, (int)further, connection, tx, ct);
                    }
                }
                // Fewer than a page and the one row that tells of a next: the budget ran out on a rare word, or the articles did.
                if (shown.Count < wanted && plan == PostgresSearchPlan.Chosen)
                {
                    shown = null;
                }
            }
            if (shown is null)
            {
                await using var command = SearchCommand(SearchSql.Page(request,
                    query.HasText
                        ? $"SELECT seq FROM articles WHERE search @@ {PostgresSearchWalk.Match} ORDER BY seq DESC LIMIT {SearchSql.MaxCandidates}"
                        : SearchSql.OutletCandidates(query.Outlets.Count),
                    query.HasText ? query.Outlets.Count : 0), topicId, query, request, connection, tx);
                await using var reader = await command.ExecuteReaderAsync(ct);
                shown = await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
            }
            var page = TopicPage.From(shown, request, await StoredReads.CopiesAsync(connection, shown, CopiesSql, ClusterList, ct));
            await tx.CommitAsync(ct);
            return page;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !ct.IsCancellationRequested)
        {
            throw query.Budget.Exceeded(e);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    private static async Task<List<(Article Article, TopicPosition Cursor)>> WalkAsync(string topicId, SearchCriteria query, TopicPageRequest request,
        int budget, NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var walk = SearchCommand(PostgresSearchWalk.Page(request, query.HasText, query.Outlets.Count), topicId, query, request, connection, tx);
        walk.Parameters.Add(Long("budget", budget));
        await using var reader = await walk.ExecuteReaderAsync(ct);
        return await StoredRows.ListAsync(reader, StoredRows.TopicRow, ct);
    }

    /// <summary>A search statement with the parameters both plans take: @topic, @limit, @match, @o0…, and the cursor's.</summary>
    private static NpgsqlCommand SearchCommand(string sql, string topicId, SearchCriteria query, TopicPageRequest request, NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(Text("topic", topicId));
        command.Parameters.Add(Long("limit", request.Limit + 1));
        if (query.HasText)
        {
            command.Parameters.Add(Text("match", query.ToTsQuery()));
        }
        foreach (var (name, outlet) in SearchSql.OutletParameters(query.Outlets.Count).Zip(query.Outlets))
        {
            command.Parameters.Add(Text(name, outlet));
        }
        if ((request.Before ?? request.After) is { } cursor)
        {
            command.Parameters.Add(Long("sort", cursor.SortTime));
            command.Parameters.Add(Long("seq", cursor.Seq));
        }
        return command;
    }

    public async Task<IReadOnlyList<OutletPicture>> GetOutletPicturesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // One statement: every outlet's row, its per-day counts and its polls, aggregated beside it.
        await using var command = new NpgsqlCommand($"""
            SELECT {StoredRows.OutletColumns},
                (SELECT json_agg(json_build_array(d.day, d.n))::text FROM (
                    SELECT (a.first_seen - @since) / 86400000 AS day, count(*) AS n
                    FROM articles a WHERE a.outlet_id = o.id AND a.first_seen >= @since GROUP BY 1) d),
                (SELECT json_agg(json_build_array(p.at, p.failed::int, p.new_articles) ORDER BY p.at)::text
                    FROM poll_log p WHERE p.outlet_id = o.id AND p.at >= @polls)
            FROM outlets o ORDER BY o.id;
            """, connection);
        command.Parameters.Add(Time("since", OutletPicture.DaysSince(now)));
        command.Parameters.Add(Time("polls", now.AddHours(-OutletPicture.PollHours)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pictures = new List<OutletPicture>();
        while (await reader.ReadAsync(ct))
        {
            pictures.Add(OutletPicture.From(StoredRows.Outlet(reader),
                reader.IsDBNull(20) ? null : reader.GetString(20), reader.IsDBNull(21) ? null : reader.GetString(21)));
        }
        return pictures;
    }
}
