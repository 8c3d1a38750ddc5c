using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: the search index no longer keeps a prefix index (prefix='3'), which wrote every token a second time. FTS5
/// answers prefixes from the main index instead; a store made with the prefix index is made again by its migration, and
/// every kind of query the product builds answers the same before and after.
/// </summary>
public sealed class SqliteSearchPrefixIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    // Words that share their first three letters and more, so a prefix of three letters and longer ones each pick a
    // different set, beside words that match none of them.
    private static readonly string[] Titles =
    [
        "President opens the press conference",
        "Presidency race narrows as pressure builds",
        "Pressure on prices eases",
        "Press freedom index published",
        "Pre-season training begins",
        "Presiding judge retires after press criticism",
        "Weather turns cold in the north",
        "Prefect of police resigns",
        "Conference on preservation of old presses",
    ];

    // Every kind SearchQuery accepts: words, prefixes of three letters and longer, phrases, a phrase ending in a prefix,
    // several terms, and terms left out.
    private static readonly string[] Queries =
    [
        "press", "pre*", "pres*", "press*", "presid*", "preside*", "\"press conference\"", "\"the press con*\"", "\"pre season\"",
        "pre* conference", "pres* -pressure", "pre* -press*", "-weather cold", "weather", "zzz*", "conference pres*",
    ];

    [Fact]
    public async Task StoreFromBefore_Migrated_DropsThePrefixIndex_AndAnswersEveryQueryKindTheSame()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        var steps = SqliteMigrations.Steps;
        var stepIndex = steps.ToList().FindIndex(step => step.Contains("DROP TABLE article_search;", StringComparison.Ordinal));
        Assert.True(stepIndex > 0);
        await store.MigrateAsync([.. steps.Take(stepIndex)], CancellationToken.None);
        Assert.Contains("prefix='3'", await SearchTableSqlAsync(store), StringComparison.Ordinal);
        await SaveAsync(store);

        var before = await AnswersAsync(store);
        await store.MigrateAsync(CancellationToken.None);
        var after = await AnswersAsync(store);

        Assert.DoesNotContain("prefix", await SearchTableSqlAsync(store), StringComparison.Ordinal);
        Assert.Equal(before, after);
        // The answers are the words' own, not two empty lists alike.
        Assert.Equal(
            ["President opens the press conference", "Presidency race narrows as pressure builds", "Pressure on prices eases",
             "Press freedom index published", "Pre-season training begins", "Presiding judge retires after press criticism",
             "Prefect of police resigns", "Conference on preservation of old presses"],
            after["pre*"]);
        Assert.Equal(["President opens the press conference", "Presidency race narrows as pressure builds", "Presiding judge retires after press criticism"],
            after["presid*"]);
        Assert.Equal(["President opens the press conference"], after["\"the press con*\""]);
        Assert.Equal(["Pre-season training begins", "Prefect of police resigns"], after["pre* -press*"]);
        Assert.Empty(after["zzz*"]);

        // Articles stored after the migration are found by prefix as the refilled ones are.
        await store.SavePollAsync(Poll(T0.AddHours(1), Candidate("https://pr.example/new", "Preservation order lifted", T0.AddMinutes(30))), CancellationToken.None);
        Assert.Equal("Preservation order lifted", (await TitlesAsync(store, "pres*"))[0]);
    }

    [Fact]
    public async Task NewStore_SearchIndexHasNoPrefixIndex()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);

        var sql = await SearchTableSqlAsync(store);

        Assert.Contains("fts5(body", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("prefix", sql, StringComparison.Ordinal);
    }

    private static async Task SaveAsync(SqliteStore store)
    {
        var candidates = Titles.Select((title, i) => Candidate($"https://pr.example/{i}", title, T0.AddMinutes(-i - 1))).ToArray();
        var saved = await store.SavePollAsync(Poll(T0, candidates), CancellationToken.None);
        Assert.Equal(Titles.Length, saved.New);
    }

    private static PollRecord Poll(DateTimeOffset at, params ArticleCandidate[] articles) =>
        new() { OutletId = "pr", AttemptedAt = at, Succeeded = true, StatusCode = 200, Articles = articles };

    private static ArticleCandidate Candidate(string url, string title, DateTimeOffset published) => new()
    {
        OutletId = "pr",
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        // Each its own text: a shared teaser would make the stories one cluster.
        Summary = $"<p>{title}, as reported by the desk.</p>",
        Published = published,
        Topics = ["all"],
    };

    private static async Task<Dictionary<string, List<string>>> AnswersAsync(SqliteStore store)
    {
        var answers = new Dictionary<string, List<string>>();
        foreach (var query in Queries)
        {
            answers[query] = await TitlesAsync(store, query);
        }
        return answers;
    }

    private static async Task<List<string>> TitlesAsync(SqliteStore store, string text)
    {
        var criteria = (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;
        var page = await store.SearchAsync(TopicDefinition.AllId, criteria, new TopicPageRequest(50), CancellationToken.None);
        return page.Items.Select(i => i.Article.Title).ToList();
    }

    private static async Task<string> SearchTableSqlAsync(SqliteStore store)
    {
        await using var connection = await ConnectAsync(store);
        var rows = await RowsAsync(connection, "SELECT sql FROM sqlite_master WHERE name = 'article_search';");
        return (string)rows.Single()[0]!;
    }
}
