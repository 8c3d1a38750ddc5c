using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Postgres;
using Aggregator.Store.Sqlite;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Store;

/// <summary>
/// The PostgreSQL store reads a poll's same-URL and same-fingerprint lookups once, before the poll's own inserts, and
/// writes its new articles in one statement at the end (issue 23). That is sound only while those lookups can see no row
/// the poll itself writes and no other worker writes between the lookup and the commit. Each test feeds the same polls to
/// a SQLite store (which asks per article, after every insert) and a PostgreSQL store, and wants the same clusters.
/// </summary>
public sealed class PostgresPollLookupsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SavePoll_StoriesRepeatedWithinAndAcrossPolls_ClusterAsOnSqlite()
    {
        var sqlite = await OnSqliteAsync(SequentialPollsAsync);
        var postgres = await OnPostgresAsync(SequentialPollsAsync);

        Assert.Equal(sqlite.Summaries, postgres.Summaries);
        Assert.Equal(sqlite.Clusters, postgres.Clusters);
        // The scenario reaches the paths it is about, on the reference store: a same-URL join, a near duplicate (the
        // index proposes it, so the lookup is asked again), the story twice in one feed kept apart (the outlet's own copies
        // never cluster), and the earliest of more than MaxCandidates identical copies.
        Assert.Contains(sqlite.Clusters, c => c.Contains("b https://b.example/r/coup", StringComparison.Ordinal) && c.Contains("a https://a.example/coup", StringComparison.Ordinal));
        Assert.Contains(sqlite.Clusters, c => c.Contains("b https://b.example/strike", StringComparison.Ordinal) && c.Contains("a https://a.example/strike", StringComparison.Ordinal));
        Assert.Single(sqlite.Clusters, c => c.Contains("https://b.example/new ", StringComparison.Ordinal) && !c.Contains("https://b.example/new-again", StringComparison.Ordinal));
        Assert.Contains(sqlite.Clusters, c => c.StartsWith("many0 ", StringComparison.Ordinal) && c.Contains("late https://late.example/many", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SavePoll_CandidatesOfAnotherOutletInOnePoll_SeeThePollsEarlierArticlesAsOnSqlite()
    {
        // Each lookup excludes the candidate's own outlet: a candidate naming another outlet than the poll's can match an
        // article this very poll wrote, which therefore has to be in the table before that lookup runs.
        // (An article's outlet has to exist: the poll before stores outlet f, with nothing in its feed.)
        static async Task<List<IngestSummary>> PollAsync(IAggregatorStore store) =>
        [
            await store.SavePollAsync(Poll("f", T0.AddMinutes(-1)), CancellationToken.None),
            await store.SavePollAsync(Poll("e", T0,
                Candidate("e", "https://e.example/x", Body("mixed", 0)),
                Candidate("f", "https://f.example/copy", Body("mixed", 0))), CancellationToken.None),
        ];

        var sqlite = await OnSqliteAsync(PollAsync);
        var postgres = await OnPostgresAsync(PollAsync);

        Assert.Equal(sqlite.Summaries, postgres.Summaries);
        Assert.Equal(sqlite.Clusters, postgres.Clusters);
        Assert.Single(sqlite.Clusters);
    }

    [Fact]
    public async Task SavePoll_ManyOutletsSharingAStoryAtOnce_ClusterAsOnSqlite()
    {
        // Which outlet comes first is up to the race; what the clusters look like is not: the first outlet's three copies
        // (one story under three URLs, one of them shared) start three clusters, and every later copy joins the first one's.
        const int outlets = 12;
        static async Task<List<IngestSummary>> RaceAsync(IReadOnlyList<IAggregatorStore> workers)
        {
            var summaries = await Task.WhenAll(Enumerable.Range(0, outlets).Select(i =>
            {
                var outlet = $"o{i}";
                return workers[i % workers.Count].SavePollAsync(Poll(outlet, T0.AddSeconds(i),
                    Candidate(outlet, $"https://{outlet}.example/r", Body("race", 0)) with { CanonicalUrl = "https://wire.example/race" },
                    Candidate(outlet, $"https://{outlet}.example/race", Body("race", 0)),
                    Candidate(outlet, $"https://{outlet}.example/race-again", Body("race", 0))), CancellationToken.None);
            }));
            return [.. summaries];
        }

        // One SQLite file has one writer process: its polls race on one handle. PostgreSQL's race across two workers.
        var sqlite = await OnSqliteAsync(store => RaceAsync([store]));
        var postgres = await OnPostgresAsync(RaceAsync, workers: 2);

        Assert.Equal(Shape(sqlite), Shape(postgres));
        Assert.Equal($"new {3 * outlets}, deduplicated {3 * outlets - 3}, clusters 1 1 {3 * outlets - 2}", Shape(sqlite));
    }

    /// <summary>New and deduplicated articles, then the clusters' sizes, smallest first.</summary>
    private static string Shape(Outcome outcome) =>
        $"new {outcome.Summaries.Sum(s => s.New)}, deduplicated {outcome.Summaries.Sum(s => s.Deduplicated)}, " +
        $"clusters {string.Join(" ", outcome.Clusters.Select(c => c.Split(" | ").Length).Order())}";

    /// <summary>Polls one after the other, each case of the lookups' soundness once.</summary>
    private static async Task<List<IngestSummary>> SequentialPollsAsync(IAggregatorStore store)
    {
        var summaries = new List<IngestSummary>();
        async Task SaveAsync(PollRecord poll) => summaries.Add(await store.SavePollAsync(poll, CancellationToken.None));

        await SaveAsync(Poll("a", T0,
            Candidate("a", "https://a.example/coup", Body("coup", 0)),
            Candidate("a", "https://a.example/strike", Body("strike", 0)),
            Candidate("a", "https://a.example/old", Body("old", 0))));
        await SaveAsync(Poll("b", T0.AddMinutes(1),
            Candidate("b", "https://b.example/r/coup", Body("reworded", 0)) with { CanonicalUrl = "https://a.example/coup" },
            Candidate("b", "https://b.example/coup-copy", Body("coup", 0)),
            Candidate("b", "https://b.example/coup-copy-again", Body("coup", 0)),
            Candidate("b", "https://b.example/strike", Body("strike", 1)),
            Candidate("b", "https://b.example/new", Body("new", 0)),
            Candidate("b", "https://b.example/new-again", Body("new", 0)),
            Candidate("b", "https://b.example/guid", Body("guid", 0)) with { SourceId = "g-1" },
            Candidate("b", "https://b.example/guid?utm=x", Body("guid", 0)) with { SourceId = "g-1" }));
        await SaveAsync(Poll("c", T0.AddMinutes(2),
            Candidate("c", "https://c.example/new", Body("new", 0)),
            Candidate("c", "https://c.example/r/new-again", Body("unrelated", 0)) with { CanonicalUrl = "https://b.example/new-again" },
            Candidate("c", "https://c.example/old", Body("old", 0))));
        // An edit in the middle writes the poll's pending articles out; the lookups after it still answer from the poll's start.
        await SaveAsync(Poll("b", T0.AddMinutes(3),
            Candidate("b", "https://b.example/old-copy", Body("old", 0)),
            Candidate("b", "https://b.example/new", Body("new", 0)) with { Title = "An edited headline" },
            Candidate("b", "https://b.example/coup-republished", Body("coup", 0)),
            Candidate("b", "https://b.example/new-republished", Body("new", 0)),
            Candidate("b", "https://b.example/own-again", Body("guid", 0))));
        // More identical copies than the lookup reads per fingerprint, stored with duplicate detection off.
        for (var i = 0; i <= ClusterChoice.MaxCandidates + 2; i++)
        {
            await SaveAsync(Poll($"many{i}", T0.AddMinutes(4).AddSeconds(i), (DuplicatePolicy?)null, Candidate($"many{i}", $"https://many{i}.example/many", Body("many", 0))));
        }
        await SaveAsync(Poll("late", T0.AddMinutes(5), Candidate("late", "https://late.example/many", Body("many", 0))));
        return summaries;
    }

    private async Task<Outcome> OnSqliteAsync(Func<IAggregatorStore, Task<List<IngestSummary>>> polls)
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        return new Outcome(await polls(store), await ClustersAsync(store));
    }

    private static Task<Outcome> OnPostgresAsync(Func<IAggregatorStore, Task<List<IngestSummary>>> polls) =>
        OnPostgresAsync(workers => polls(workers[0]), workers: 1);

    private static async Task<Outcome> OnPostgresAsync(Func<IReadOnlyList<IAggregatorStore>, Task<List<IngestSummary>>> polls, int workers)
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var stores = Enumerable.Range(0, workers).Select(_ => new PostgresStore(database)).ToList();
        try
        {
            foreach (var store in stores)
            {
                await store.MigrateAsync(CancellationToken.None);
            }
            return new Outcome(await polls(stores), await ClustersAsync(stores[0]));
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    /// <summary>
    /// Every stored article, cluster by cluster in arrival order, named by outlet and link (ids are the store's own):
    /// title, whether shown, what it duplicates, and how that was decided.
    /// </summary>
    private static async Task<List<string>> ClustersAsync(IAggregatorStore store)
    {
        var clusters = new List<string>();
        foreach (var item in await store.GetTopicItemsAsync("all", 1000, CancellationToken.None))
        {
            var members = await store.GetClusterAsync(item.Article.Id, CancellationToken.None);
            var names = members.ToDictionary(m => m.ArticleId, m => $"{m.OutletId} {m.Link}");
            clusters.Add(string.Join(" | ", members.Select(m =>
                $"{names[m.ArticleId]} \"{m.Title}\" shown={m.Shown} of={(m.DuplicateOf is { } of ? names.GetValueOrDefault(of, "elsewhere") : "-")} " +
                $"{m.Level} {m.Similarity?.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)} {m.Reason}")));
        }
        clusters.Sort(StringComparer.Ordinal);
        return clusters;
    }

    private static PollRecord Poll(string outlet, DateTimeOffset at, params ArticleCandidate[] articles) =>
        Poll(outlet, at, DuplicatePolicy.Default, articles);

    private static PollRecord Poll(string outlet, DateTimeOffset at, DuplicatePolicy? duplicates, params ArticleCandidate[] articles) => new()
    {
        OutletId = outlet,
        AttemptedAt = at,
        Succeeded = true,
        StatusCode = 200,
        Duplicates = duplicates,
        Articles = articles,
    };

    private static ArticleCandidate Candidate(string outlet, string url, (string Title, string Summary) story) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = story.Title,
        Summary = story.Summary,
        Published = T0.AddHours(-1),
        Topics = ["all"],
    };

    /// <summary>A story's headline and text; <paramref name="edit"/> above 0 changes one word, a near duplicate.</summary>
    private static (string Title, string Summary) Body(string story, int edit) =>
        ($"What happened with the {story}",
         $"<p>Reporters who followed the {story} for months say the official account leaves out who paid for it, " +
         $"who gave the orders in the {story} and why the police stood aside while the crowd gathered in the square. " +
         $"Documents published this week by independent journalists trace the money behind the {story} to foundations abroad " +
         $"and to three {(edit == 0 ? "companies" : "businesses")} that stand to gain from the new government's first decrees.</p>");

    private sealed record Outcome(List<IngestSummary> Summaries, List<string> Clusters);
}
