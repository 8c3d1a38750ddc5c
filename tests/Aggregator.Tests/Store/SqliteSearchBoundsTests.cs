using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Store;

/// <summary>
/// Search on a store of tens of thousands of articles returns the rows the store holds by the feed's rule
/// (the newest <see cref="SearchSql.MaxCandidates"/> matches, a cluster shown once by its earliest match, in
/// sort order), and a search past its budget is stopped, as is one whose reader has gone.
/// </summary>
public sealed class SqliteSearchBoundsTests : IDisposable
{
    private const int Articles = 20_000;
    private static readonly long T0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>One stored article as the test wrote it: what the expected pages are computed from.</summary>
    private sealed record Row(long Seq, string Outlet, string Cluster, long Sort, bool Guaido, bool Blockade, bool Even);

    [Fact(Timeout = 300_000)]
    public async Task Search_OverTensOfThousands_ReturnsTheStoredRowsByTheFeedsRule()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(None);
        var rows = await FillAsync(store.DatabasePath, Articles);

        await AssertPagesAsync(store, "venezuela", rows, _ => true);
        await AssertPagesAsync(store, "guaido", rows, r => r.Guaido);
        await AssertPagesAsync(store, "GUAIDÓ", rows, r => r.Guaido);
        await AssertPagesAsync(store, "venezuela -guaidó", rows, r => !r.Guaido);
        await AssertPagesAsync(store, "blockade", rows, r => r.Blockade, limit: 7, walkAll: true);
        await AssertPagesAsync(store, "bloc*", rows, r => r.Blockade, limit: 7, walkAll: true);
        await AssertPagesAsync(store, "\"the blockade\"", rows, r => r.Blockade, limit: 7, walkAll: true);
        await AssertPagesAsync(store, "\"blockade the\"", rows, _ => false);
        await AssertPagesAsync(store, "zzzyqx", rows, _ => false);
        await AssertPagesAsync(store, "outlet:o1", rows, r => r.Outlet == "o1");
        await AssertPagesAsync(store, "outlet:o1 outlet:o2", rows, r => r.Outlet is "o1" or "o2");
        await AssertPagesAsync(store, "venezuela outlet:o2", rows, _ => true, outlet: r => r.Outlet == "o2");
        await AssertPagesAsync(store, "venezuela", rows, _ => true, topic: "even");
        await AssertPagesAsync(store, "venezuela -guaido", rows, r => !r.Guaido, topic: "even");
    }

    [Fact]
    public async Task Search_PastItsBudget_IsStoppedWithAOneLineReason_AndTheNextSearchRuns()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(None);
        await FillAsync(store.DatabasePath, 2_000);
        // Each reading of this clock moves it a second, so a budget of two is spent within the statement's first steps.
        var stalled = Query("venezuela") with { Budget = new SearchBudget(TimeSpan.FromSeconds(2), new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1) }) };

        var e = await Assert.ThrowsAsync<StoreException>(() => store.SearchAsync(TopicDefinition.AllId, stalled, new TopicPageRequest(50), None));

        Assert.True(SearchBudget.IsExceeded(e));
        Assert.Equal("search: stopped after 2 s (defaults.searchTimeout); narrow it with rarer words, a \"phrase\" or outlet:", e.Message);
        // The pooled connection went back without its progress handler: the next search runs to the end.
        Assert.Equal(50, (await store.SearchAsync(TopicDefinition.AllId, Query("venezuela"), new TopicPageRequest(50), None)).Items.Count);
    }

    [Fact]
    public async Task Search_WhoseReaderHasGone_IsStoppedMidStatement()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(None);
        await FillAsync(store.DatabasePath, 2_000);
        using var gone = new CancellationTokenSource();
        // The reader hangs up while the statement runs: at the handler's second look at the clock.
        var query = Query("venezuela") with { Budget = new SearchBudget(TimeSpan.FromMinutes(1), new CancellingClock(gone, atReading: 2)) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(50), gone.Token));

        Assert.Equal(50, (await store.SearchAsync(TopicDefinition.AllId, Query("venezuela"), new TopicPageRequest(50), None)).Items.Count);
    }

    private sealed class CancellingClock(CancellationTokenSource source, int atReading) : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow()
        {
            if (++_readings == atReading)
            {
                source.Cancel();
            }
            return base.GetUtcNow();
        }
    }

    private static SearchCriteria Query(string text) =>
        (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;

    /// <summary>
    /// The first page and the next (or every page) of a search against what the rule gives on the rows written:
    /// the newest MaxCandidates matches by arrival, in the topic and outlets, each cluster's earliest, by sort time.
    /// </summary>
    private static async Task AssertPagesAsync(SqliteStore store, string text, List<Row> rows, Func<Row, bool> matches,
        string topic = TopicDefinition.AllId, Func<Row, bool>? outlet = null, int limit = 50, bool walkAll = false)
    {
        var expected = rows.Where(matches).OrderByDescending(r => r.Seq).Take(SearchSql.MaxCandidates)
            .Where(r => (topic == TopicDefinition.AllId || r.Even) && (outlet?.Invoke(r) ?? true))
            .GroupBy(r => r.Cluster).Select(g => g.MinBy(r => r.Seq)!)
            .OrderByDescending(r => r.Sort).ThenByDescending(r => r.Seq)
            .Select(r => r.Seq).ToList();
        var seen = new List<long>();
        var request = new TopicPageRequest(limit);
        for (var page = 0; page < (walkAll ? int.MaxValue : 2); page++)
        {
            var found = await store.SearchAsync(topic, Query(text), request, None);
            seen.AddRange(found.Items.Select(i => i.Cursor.Seq));
            if (found.Older is not { } older)
            {
                break;
            }
            request = new TopicPageRequest(limit, Before: older);
        }
        Assert.True(expected.Take(seen.Count).SequenceEqual(seen), $"{text} in {topic}: expected {string.Join(",", expected.Take(12))}…, got {string.Join(",", seen.Take(12))}…");
        Assert.Equal(walkAll ? expected.Count : Math.Min(expected.Count, 2 * limit), seen.Count);
    }

    /// <summary>
    /// Writes <paramref name="count"/> articles straight into the tables and the index, as the ingest does: a poll's
    /// ingest would take minutes for this many. Three outlets in turn; every tenth story a pair with the one before;
    /// every fifth sorted a little before its neighbours, so sort order is not arrival order.
    /// </summary>
    private static async Task<List<Row>> FillAsync(string databasePath, int count)
    {
        var rows = new List<Row>(count);
        await using var db = new SqliteConnection($"Data Source={databasePath};Pooling=False;Foreign Keys=True");
        await db.OpenAsync();
        SqliteSearchIndex.Register(db);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        await using (var outlets = db.CreateCommand())
        {
            outlets.Transaction = tx;
            outlets.CommandText = "INSERT INTO outlets (id) VALUES ('o0'), ('o1'), ('o2');";
            await outlets.ExecuteNonQueryAsync();
        }
        await using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO articles (id, outlet_id, canonical_url, link_stored, title, summary, first_seen, changed_at, sort_time, cluster_id, content_hash)
            VALUES ($id, $outlet, $url, $url, $title, $summary, $seen, $seen, $sort, $cluster, 'h') RETURNING seq;
            """;
        var p = new[] { "$id", "$outlet", "$url", "$title", "$summary", "$seen", "$sort", "$cluster" }.ToDictionary(n => n, n => insert.Parameters.Add(n, n is "$seen" or "$sort" ? SqliteType.Integer : SqliteType.Text));
        await using var topic = db.CreateCommand();
        topic.Transaction = tx;
        topic.CommandText = "INSERT INTO article_topics (topic_id, article_seq, sort_time) VALUES ($topic, $seq, $sort);";
        var topicId = topic.Parameters.Add("$topic", SqliteType.Text);
        var topicSeq = topic.Parameters.Add("$seq", SqliteType.Integer);
        await using var search = db.CreateCommand();
        search.Transaction = tx;
        search.CommandText = "INSERT INTO article_search (rowid, body) VALUES ($seq, $body);";
        var searchSeq = search.Parameters.Add("$seq", SqliteType.Integer);
        var searchBody = search.Parameters.Add("$body", SqliteType.Text);
        var topicSort = topic.Parameters.Add("$sort", SqliteType.Integer);
        for (var i = 0; i < count; i++)
        {
            var outlet = $"o{i % 3}";
            var blockade = i % 1000 == 7;
            var guaido = i % 2 == 0;
            var seen = T0 + (i * 60_000L);
            var sort = i % 5 == 0 ? seen - 150_000 : seen;
            var cluster = i % 10 == 1 ? $"a{i - 1}" : $"a{i}";
            p["$id"].Value = $"a{i}";
            p["$outlet"].Value = outlet;
            p["$url"].Value = $"https://{outlet}.example/{i}";
            p["$title"].Value = $"Report {i} on Venezuela" + (blockade ? " and the blockade" : "");
            p["$summary"].Value = guaido ? "<p>Guaidó speaks</p>" : "<p>Maduro speaks</p>";
            p["$seen"].Value = seen;
            p["$sort"].Value = sort;
            p["$cluster"].Value = cluster;
            var seq = (long)(await insert.ExecuteScalarAsync())!;
            searchSeq.Value = seq;
            searchBody.Value = SearchText.Fold((string)p["$title"].Value!, (string)p["$summary"].Value!, null);
            await search.ExecuteNonQueryAsync();
            foreach (var t in guaido ? new[] { TopicDefinition.AllId, "even" } : [TopicDefinition.AllId])
            {
                topicId.Value = t;
                topicSeq.Value = seq;
                topicSort.Value = sort;
                await topic.ExecuteNonQueryAsync();
            }
            rows.Add(new Row(seq, outlet, cluster, sort, guaido, blockade, guaido));
        }
        await tx.CommitAsync();
        return rows;
    }
}
