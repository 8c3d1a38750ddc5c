using Aggregator.Dedup;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Aggregator.Topics;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.SavedPolls;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23: SQLite keeps an article's longer summary and content packed (Brotli), so the row it writes is smaller;
/// every reader gets the text back as it came, search indexes it (also when an edit re-indexes it by trigger), dedup
/// compares it, and rows stored as text before read as they did.
/// </summary>
public sealed class SqlitePackedTextTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task LongTexts_StoredPacked_ReadSearchedEditedAndDeduplicatedAsTheyCame()
    {
        using var store = SqliteStore.InDataFolder(_folder.Path);
        await store.MigrateAsync(CancellationToken.None);
        var content = Body("Parliament", "votes", "ñandú", 60);
        var summary = "A summary long enough to be worth packing: " + string.Join(' ', Enumerable.Repeat("the budget vote", 8)) + " — «done».";
        await SaveAsync(store, "pr", T0, Candidate("pr", "https://pr.example/vote", "The vote", summary, content));

        var stored = await RowsAsync(store, "SELECT typeof(summary) || ' ' || typeof(content) || ' ' || length(content) FROM articles;");
        var parts = stored.Single().Split(' ');
        Assert.Equal(["blob", "blob"], parts[..2]);
        Assert.True(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) < System.Text.Encoding.UTF8.GetByteCount(content) / 2);

        var item = Assert.Single(await store.GetTopicItemsAsync(TopicDefinition.AllId, 10, CancellationToken.None));
        Assert.Equal(content, item.Article.Content);
        Assert.Equal(summary, item.Article.Summary);
        Assert.Equal(["The vote"], await SearchAsync(store, "nandu"));

        // An edit goes through the search index's update trigger, which folds the packed text.
        var edited = Body("Senate", "rejects", "ñandú", 60);
        await SaveAsync(store, "pr", T0.AddHours(1), Candidate("pr", "https://pr.example/vote", "The vote", summary, edited) with { Updated = T0.AddMinutes(30) });
        Assert.Equal(edited, Assert.Single(await store.GetTopicItemsAsync(TopicDefinition.AllId, 10, CancellationToken.None)).Article.Content);
        Assert.Equal(["The vote"], await SearchAsync(store, "senate"));
        Assert.Empty(await SearchAsync(store, "parliament"));

        // The same long text from another outlet is compared with the stored one, unpacked: it joins its cluster.
        await SaveAsync(store, "va", T0.AddHours(2), Candidate("va", "https://va.example/copy", "The vote", summary, edited));
        var copies = await store.GetClusterAsync(item.Article.Id, CancellationToken.None);
        Assert.Equal(["pr", "va"], copies.Select(c => c.OutletId));

        // A row stored as text (as every row before packing) reads as it is.
        await RowsAsync(store, "UPDATE articles SET content = '<p>Plain old text</p>' WHERE outlet_id = 'pr';");
        Assert.Equal("<p>Plain old text</p>", Assert.Single(await store.GetTopicItemsAsync(TopicDefinition.AllId, 10, CancellationToken.None)).Article.Content);
        Assert.Equal(["text", "blob"], await RowsAsync(store, "SELECT typeof(content) FROM articles ORDER BY seq;"));
    }

    [Fact]
    public void Pack_KeepsShortTextAsText_RoundTripsLongText_AndNamesAnUnknownFormat()
    {
        Assert.Null(PackedText.Pack(null));
        Assert.Equal("short", PackedText.Pack("short"));
        var text = Body("Ωμέγα", "naïve", "😀", 40);
        Assert.IsType<byte[]>(PackedText.Pack(text));
        Assert.Equal(text, PackedText.Unpack(PackedText.Pack(text)));
        var error = Assert.Throws<InvalidDataException>(() => PackedText.Unpack(new byte[] { 0x42, 1, 2, 3, 4, 5 }));
        Assert.Contains("unknown format", error.Message, StringComparison.Ordinal);
    }

    private static string Body(string a, string b, string c, int sentences) =>
        "<p>" + string.Join(' ', Enumerable.Range(0, sentences).Select(i => $"{a} {b} sentence {i} about {c} and the budget.")) + "</p>";

    private static async Task<List<string>> SearchAsync(SqliteStore store, string text)
    {
        var query = (SearchQuery.TryParse(text, out var problem) ?? throw new InvalidOperationException(problem)).Criteria;
        var page = await store.SearchAsync(TopicDefinition.AllId, query, new TopicPageRequest(10), CancellationToken.None);
        return [.. page.Items.Select(i => i.Article.Title)];
    }

    private static ArticleCandidate Candidate(string outlet, string url, string title, string summary, string content) => new()
    {
        OutletId = outlet,
        CanonicalUrl = url,
        Link = new Uri(url),
        Title = title,
        Summary = summary,
        Content = content,
        Published = T0.AddHours(-1),
        Topics = [TopicDefinition.AllId],
    };

    private static async Task<List<string>> RowsAsync(SqliteStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=false");
        await connection.OpenAsync();
        SqliteSearchIndex.Register(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }
        return values;
    }
}
