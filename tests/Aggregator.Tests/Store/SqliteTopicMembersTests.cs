using System.Text.Json;
using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// The SQLite ingest writes topic memberships into topic_members itself (<see cref="TopicMembers"/>), not through the
/// article_topics view's triggers: the rows both write, the topic numbers they hand out and every topic page must be
/// the same, for new, changed and re-matched articles, topics first seen mid-transaction, and a rebuild.
/// </summary>
public sealed class SqliteTopicMembersTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(7)]
    [InlineData(41)]
    public async Task DirectWrites_StoreTheSameRowsAndPages_AsTheViewsTriggers(int seed)
    {
        var rounds = GeneratedRounds(seed);
        using var direct = await NewStoreAsync("direct", throughView: false);
        using var view = await NewStoreAsync("view", throughView: true);

        foreach (var round in rounds)
        {
            // A round's polls queue together: group commits put several polls (and their new topics) in one transaction.
            var viewSummaries = await Task.WhenAll(round.Select(p => view.SavePollAsync(p, CancellationToken.None)));
            var directSummaries = await Task.WhenAll(round.Select(p => direct.SavePollAsync(p, CancellationToken.None)));
            Assert.Equal(viewSummaries, directSummaries);
            await AssertSameAsync(view, direct);
        }
        var stored = await CountAsync(direct, "SELECT count(*) FROM topic_members;");
        Assert.True(stored > 100, $"{stored} memberships");
        Assert.True(await CountAsync(direct, "SELECT count(*) FROM articles WHERE changed_at > first_seen;") > 0, "the rounds must change stored articles");

        // A rebuild with rules that drop topics, keep others, list one twice and add one never seen.
        IReadOnlyList<string> Rematch(Aggregator.Model.Article a) => a.Title.Contains('3', StringComparison.Ordinal)
            ? ["rebuilt", "all", "t2", "rebuilt"]
            : a.Title.Contains('1', StringComparison.Ordinal) ? [] : ["all", "t0"];
        await view.RebuildTopicsAsync(Rematch, CancellationToken.None);
        await direct.RebuildTopicsAsync(Rematch, CancellationToken.None);
        await AssertSameAsync(view, direct);
        Assert.True(await CountAsync(direct, "SELECT count(*) FROM article_topics WHERE topic_id = 'rebuilt';") > 0);
    }

    [Fact]
    public async Task ATransaction_LooksUpEachTopicName_Once()
    {
        using var store = await NewStoreAsync("once", throughView: false);
        await store.SavePollAsync(Poll("o", 0, Enumerable.Range(0, 3).Select(i => Candidate("o", i, 0, ["all", "sport"])).ToArray()), CancellationToken.None);

        await using var connection = await ConnectAsync(store);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        using var members = new TopicMembers(connection);
        var seqs = await RowsAsync(connection, "SELECT seq FROM articles ORDER BY seq;");
        foreach (var seq in seqs.Select(row => (long)row[0]!))
        {
            members.Delete(seq);
            members.Insert(seq, ["all", "culture", "all", "sport"], 1_000 + seq);
        }

        Assert.Equal(3, members.Lookups);
        var rows = await RowsAsync(connection, "SELECT topic_id || ' ' || article_seq || ' ' || sort_time FROM article_topics ORDER BY 1;");
        Assert.Equal(9, rows.Count);
        Assert.Equal(["all", "sport", "culture"], (await RowsAsync(connection, "SELECT id FROM topic_names ORDER BY num;")).Select(r => (string)r[0]!));
    }

    private async Task<SqliteStore> NewStoreAsync(string name, bool throughView)
    {
        var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, name));
        await store.MigrateAsync(CancellationToken.None);
        store.WriteTopicsThroughView = throughView;
        return store;
    }

    private static async Task AssertSameAsync(SqliteStore expected, SqliteStore actual)
    {
        foreach (var sql in new[]
        {
            "SELECT topic || ' ' || sort_time || ' ' || article_seq FROM topic_members ORDER BY topic, sort_time, article_seq;",
            "SELECT num || ' ' || id FROM topic_names ORDER BY num;",
        })
        {
            var rows = await TextsAsync(expected, sql);
            Assert.NotEmpty(rows);
            Assert.Equal(rows, await TextsAsync(actual, sql));
        }
        var topics = await TextsAsync(expected, "SELECT id FROM topic_names ORDER BY num;");
        Assert.Equal(await PagesAsync(expected, topics, 3), await PagesAsync(actual, topics, 3));
    }

    private static async Task<List<string>> TextsAsync(SqliteStore store, string sql)
    {
        await using var connection = await ConnectAsync(store);
        return (await RowsAsync(connection, sql)).ConvertAll(row => Convert.ToString(row[0], System.Globalization.CultureInfo.InvariantCulture)!);
    }

    private static async Task<long> CountAsync(SqliteStore store, string sql) => long.Parse((await TextsAsync(store, sql))[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Four rounds of ten outlets. Topics come from a pool that grows round by round, so names are first met in the
    /// middle of a transaction; some articles list a topic twice; later rounds edit entries and re-match their topics.
    /// </summary>
    private static List<List<PollRecord>> GeneratedRounds(int seed)
    {
        var random = new Random(seed);
        List<PollRecord> Round(int round) => [.. Enumerable.Range(0, 10).Select(o =>
        {
            var outlet = $"outlet{o}";
            var articles = Enumerable.Range(0, 4 + random.Next(6)).Select(i =>
            {
                var pool = 3 + (3 * round);
                var topics = new List<string> { "all" };
                topics.AddRange(Enumerable.Range(0, random.Next(4)).Select(_ => $"t{random.Next(pool)}"));
                if (random.Next(5) == 0)
                {
                    topics.Add(topics[^1]);
                }
                // Edited in later rounds (a new text, so a new hash): the article is updated and its topics re-matched.
                var edit = round > 0 && random.Next(3) == 0 ? round : 0;
                return Candidate(outlet, i, edit, topics);
            }).ToArray();
            return Poll(outlet, round, articles);
        })];
        return [.. Enumerable.Range(0, 4).Select(Round)];
    }

    private static PollRecord Poll(string outlet, int round, ArticleCandidate[] articles) => SavedPolls.Poll(outlet, T0.AddHours(round), articles);

    private static ArticleCandidate Candidate(string outlet, int i, int edit, IReadOnlyList<string> topics)
    {
        var url = $"https://{outlet}.example/story/{i}";
        return new ArticleCandidate
        {
            OutletId = outlet,
            CanonicalUrl = url,
            Link = new Uri(url),
            Title = $"Story {i} of {outlet}",
            // Words of its own, so no two articles are near-duplicates of each other.
            Content = $"<p>{string.Join(' ', Enumerable.Range(0, 40).Select(w => $"{outlet}s{i}w{w}e{edit}"))}</p>",
            // Two share a date, so the order by date, seq is not the order by seq.
            Published = T0.AddMinutes(-(i / 2)),
            Topics = topics,
        };
    }
}
