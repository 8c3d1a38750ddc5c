using System.Globalization;
using System.Text;
using Aggregator.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Entries that each carry thousands of categories, enclosures, authors and links, in Atom and in RSS, polled through the
/// real `poll` into SQLite beside a well-behaved outlet: each entry is stored with its lists cut to their bounds (the
/// poll's "Cut ... to their bounds" warning names each cut with its count) and the other outlet's poll is untouched.
/// The counts come from a seed, not a list.
/// </summary>
public sealed class EntryFloodTests
{
    private const int Entries = 4;

    [Theory]
    [InlineData(7)]
    [InlineData(1_913)]
    public async Task EntriesWithThousandsOfCategoriesEnclosuresAuthorsAndLinks_AreStoredCutToTheirBounds_OtherOutletsUntouched(int seed)
    {
        var random = new Random(seed);
        await using var world = await OutletsWorld.StartAsync();
        var server = world.Server;
        var atomCount = random.Next(2_000, 8_000);
        var rssCount = random.Next(2_000, 8_000);
        server.Set("flood.atom", Atom(server.Url("a/").AbsoluteUri, atomCount), "application/atom+xml");
        server.Set("flood.rss", Rss(server.Url("r/").AbsoluteUri, rssCount), "application/rss+xml");
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "outlets": [
                { "id": "flood-atom", "url": "{{server.Url("flood.atom")}}" },
                { "id": "flood-rss", "url": "{{server.Url("flood.rss")}}" },
                { "id": "popular-resistance", "url": "{{server.Url("popular-resistance.rss")}}" } ] }
            """);

        var poll = await CliRunner.RunAsync(world.Args("poll"));

        Assert.True(poll.ExitCode == 0, $"seed {seed}: {poll.Error}");
        Assert.Contains(poll.Lines, l => l.StartsWith($"flood-atom  ok  new={Entries} ", StringComparison.Ordinal));
        Assert.Contains(poll.Lines, l => l.StartsWith($"flood-rss  ok  new={Entries} ", StringComparison.Ordinal));
        Assert.Contains(poll.Lines, l => l.StartsWith("popular-resistance  ok  new=", StringComparison.Ordinal));
        await using var db = new SqliteConnection($"Data Source={Path.Combine(world.DataPath, "aggregator.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT outlet_id, json_array_length(categories), json_array_length(enclosures), length(coalesce(author, '')) FROM articles WHERE outlet_id LIKE 'flood-%'";
        var rows = new List<(string Outlet, long Categories, long Enclosures, long Author)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }
        Assert.Equal(2 * Entries, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(32, r.Categories);
            Assert.Equal(16, r.Enclosures);
            Assert.InRange(r.Author, 1, 200);
        });
    }

    private static string Atom(string links, int count)
    {
        var text = new StringBuilder("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Flood</title><id>urn:flood</id><updated>2026-12-01T00:00:00Z</updated>");
        for (var e = 0; e < Entries; e++)
        {
            text.Append(CultureInfo.InvariantCulture, $"<entry><id>urn:flood:{e}</id><title>Flood story {e}</title><updated>2026-12-01T00:00:00Z</updated><link href=\"{links}{e}\"/>");
            for (var i = 0; i < count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"<category term=\"tag {i}\"/><link rel=\"enclosure\" href=\"{links}{e}/{i}.mp3\" type=\"audio/mpeg\" length=\"1\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<author><name>Author {i}</name></author><link rel=\"related\" href=\"{links}{e}/related/{i}\"/>");
            }
            text.Append("<summary>A story with too much attached.</summary></entry>");
        }
        return text.Append("</feed>").ToString();
    }

    private static string Rss(string links, int count)
    {
        var text = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Flood</title><link>https://flood.example/</link>");
        for (var e = 0; e < Entries; e++)
        {
            text.Append(CultureInfo.InvariantCulture, $"<item><title>Flood story {e}</title><link>{links}{e}</link><guid>{links}{e}</guid>");
            for (var i = 0; i < count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"<category>tag {i}</category><enclosure url=\"{links}{e}/{i}.mp3\" type=\"audio/mpeg\" length=\"1\"/><dc:creator>Author {i}</dc:creator>");
            }
            text.Append("<description>A story with too much attached.</description></item>");
        }
        return text.Append("</channel></rss>").ToString();
    }
}
