using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Store;

/// <summary>
/// The store keeps PostgreSQL's statistics of <c>articles</c> up with a growing table itself instead of waiting for
/// autovacuum, whose first analyze of a new database comes when its launcher gets there (issue 23: a quiet cold poll ran
/// more of itself unanalyzed than a loaded one, and cost about three times the server CPU). Autovacuum is off for the
/// table here, so every analyze is the store's. Judged by the planner's row count and the number of analyzes: counts that
/// do not depend on the machine's speed or load.
/// </summary>
public sealed class PostgresPlannerStatisticsTests : IAsyncLifetime, IDisposable
{
    private const int PerPoll = 250;
    private const int Polls = 36;
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Words =
    [
        "harbour", "council", "budget", "river", "strike", "festival", "election", "bridge", "school", "storm", "market",
        "railway", "museum", "court", "vaccine", "orchestra", "drought", "harvest", "airport", "treaty", "summit", "league",
        "glacier", "satellite", "library", "tariff", "refinery", "marathon", "volcano", "embassy", "pipeline", "senate",
    ];

    private UnanalyzedPostgresStore? _database;

    private UnanalyzedPostgresStore Database => _database ?? throw new InvalidOperationException("not initialized");

    private PostgresStore Store => Database.Store;

    public async Task InitializeAsync() => _database = await UnanalyzedPostgresStore.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database?.Dispose();

    [Fact]
    public async Task SavePoll_TableGrowsFromEmpty_StoreAnalyzesItOncePerDoubling()
    {
        await Store.SavePollAsync(Poll(0), None);
        // One poll is far below what any plan cares about: nothing analyzed yet, not once per poll.
        Assert.Equal(-1.0, await Database.ScalarAsync<float>("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass;"));

        for (var poll = 1; poll < Polls; poll++)
        {
            await Store.SavePollAsync(Poll(poll), None);
        }

        var live = await Database.ScalarAsync<long>("SELECT count(*) FROM articles;");
        var planned = await Database.ScalarAsync<float>("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass;");
        var analyzes = await Database.ScalarAsync<long>("SELECT analyze_count + autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'articles';");
        Assert.Equal(PerPoll * Polls, live);
        // The planner knows at least half the rows: the table never more than doubled since the last analyze.
        Assert.InRange(planned, live / 2.0, live);
        // Once per doubling past the floor (2,000, 4,000, 8,000 of 9,000 rows), not once per poll.
        Assert.InRange(analyzes, 1, 3);
        Assert.True(await Database.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'articles' AND attname IN ('canonical_url', 'fingerprint', 'revision');") == 3,
            "the columns the ingest's lookups filter on have no statistics");
    }

    /// <summary>A poll of outlet <c>o{n % 4}</c> with <see cref="PerPoll"/> new articles of distinct generated text.</summary>
    private static PollRecord Poll(int n)
    {
        var outlet = $"o{n % 4}";
        var random = new Random(n);
        return new PollRecord
        {
            OutletId = outlet, AttemptedAt = T0.AddMinutes(n), Succeeded = true, StatusCode = 200,
            Articles = [.. Enumerable.Range(0, PerPoll).Select(i =>
            {
                var url = $"https://{outlet}.example/{n}/{i}";
                var text = string.Join(' ', Enumerable.Range(0, 40).Select(_ => Words[random.Next(Words.Length)])) + $" {n}-{i}";
                return new ArticleCandidate
                {
                    OutletId = outlet, SourceId = url, CanonicalUrl = url, Link = new Uri(url), Title = $"Report {n}-{i}",
                    Summary = text, Published = T0.AddMinutes(n).AddSeconds(-i), Topics = ["all"],
                };
            })],
        };
    }
}
