using System.Text;
using Aggregator.Dedup;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;
using static Aggregator.Tests.Store.RawSqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// A poll waiting for the SQLite writer keeps its articles as packed rows (<see cref="PackedArticleRows"/>), not as
/// candidates: the rows stored from them must be the very bytes the candidates' binding stored, and dedup must decide
/// the same on the texts read back from them.
/// </summary>
public sealed class SqlitePackedArticleRowsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task PackedRows_StoreTheSameBytes_AsTheCandidatesDid_ForNewChangedAndDuplicateArticles()
    {
        var rounds = GeneratedRounds(seed: 23);

        var packed = await StoreAllAsync("packed", pack: true, rounds);
        var unpacked = await StoreAllAsync("unpacked", pack: false, rounds);

        Assert.Equal(unpacked.Summaries, packed.Summaries);
        Assert.True(unpacked.Summaries.Sum(s => s.Deduplicated) > 0, "the generated rounds must make dedup compare texts");
        Assert.True(unpacked.Summaries.Sum(s => s.Updated) > 0, "the generated rounds must change stored articles");
        // The search index's own tables too: it is contentless, so its blocks are the only record of the text it was given.
        foreach (var (table, order) in new[] { ("articles", "seq"), ("article_topics", "1, 2"), ("article_search_data", "1"), ("article_search_idx", "1, 2"), ("settings", "1") })
        {
            var expected = await DumpAsync(unpacked.Store, table, order);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await DumpAsync(packed.Store, table, order));
        }
        packed.Store.Dispose();
        unpacked.Store.Dispose();
    }

    [Fact]
    public void ARow_ReadsBack_EveryColumnAsItWasAdded()
    {
        var candidate = Candidate("o", 1, "Ünïcode title — ok", summary: "short", content: new string('x', 500) + " ∑ end", author: null);
        var prepared = PreparedArticle.Of(candidate);
        var expectedSearch = PreparedArticle.Of(candidate).SearchText;
        using var rows = new PackedArticleRows(1);
        rows.Add(PreparedArticle.Of(Candidate("o", 0, "first row", null, null, "someone")));
        var row = rows.Add(prepared);
        var waiting = rows.Unpack(row, candidate.OutletId);

        Assert.Equal(prepared.Id, rows.ReadText(row, PackedArticleRows.Column.Id));
        Assert.Equal(candidate.Title, rows.ReadText(row, PackedArticleRows.Column.Title));
        Assert.Equal(candidate.Summary, rows.ReadText(row, PackedArticleRows.Column.Summary));
        Assert.Equal(candidate.Content, rows.ReadText(row, PackedArticleRows.Column.Content));
        Assert.Null(rows.ReadText(row, PackedArticleRows.Column.Author));
        Assert.Equal(candidate.Link.AbsoluteUri, rows.ReadText(row, PackedArticleRows.Column.Link));
        Assert.Equal(expectedSearch, rows.ReadText(row, PackedArticleRows.Column.Search));
        Assert.Equal(prepared.Identity.Signature.ToBytes(), rows.Read(row, PackedArticleRows.Column.Signature, out var kind).ToArray());
        Assert.Equal(PackedArticleRows.Kind.Blob, kind);
        rows.Read(row, PackedArticleRows.Column.Summary, out var summaryKind);
        rows.Read(row, PackedArticleRows.Column.Content, out var contentKind);
        Assert.Equal((PackedArticleRows.Kind.Text, PackedArticleRows.Kind.Packable), (summaryKind, contentKind));

        // What the writer makes of the row holds no text of its own; dedup reads it back from the row.
        Assert.Equal("", waiting.Candidate.Title);
        Assert.Null(waiting.Candidate.Content);
        Assert.Equal(prepared.Text, waiting.Text);
        Assert.Equal((prepared.Hash, prepared.Id, prepared.Identity), (waiting.Hash, waiting.Id, waiting.Identity));
        Assert.Throws<InvalidOperationException>(() => waiting.SearchText);
        AssertDecidesAlike(prepared, waiting);
    }

    [Fact]
    public void UnpackedRows_GiveBack_WhatTheIngestDecidesBy_ForEveryKindOfArticle()
    {
        // Every kind the generated rounds hold, and what they do not: no source id, a link that is not its canonical URL
        // and one that is, dates with offsets and sub-millisecond ticks, content from the page, no topics, many topics.
        var odd = Candidate("o", 7, "odd", null, null, null) with
        {
            Link = new Uri("https://o.example/story/7"),
            Published = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(-9.5)).AddTicks(12_345),
            Updated = new DateTimeOffset(2026, 3, 2, 23, 59, 59, TimeSpan.FromHours(14)),
            ContentFromPage = true,
            Topics = [],
        };
        var many = Candidate("o", 8, "many", "s", "c", null) with { Topics = [.. Enumerable.Range(0, 300).Select(t => $"topic {t % 150}")] };
        var articles = GeneratedRounds(seed: 11).SelectMany(round => round).SelectMany(poll => poll.Articles)
            .Append(odd).Append(many).Select(PreparedArticle.Of).ToList();
        using var rows = PackedArticleRows.For(articles);
        var at = articles.ConvertAll(rows.Add);

        Assert.Equal(0, rows.Growths);
        var row = 0;
        for (var i = 0; i < articles.Count; i++)
        {
            // Rows are walked one after the other, as the writer does; one poll's rows, though the candidates name twelve
            // outlets (a poll may carry another outlet's entries).
            Assert.Equal(at[i], row);
            AssertDecidesAlike(articles[i], rows.Unpack(row, pollOutletId: "outlet3"));
            row = rows.Next(row);
        }
        Assert.Equal(rows.Bytes, row);
    }

    private static void AssertDecidesAlike(PreparedArticle prepared, PreparedArticle unpacked)
    {
        var (expected, actual) = (prepared.Candidate, unpacked.Candidate);
        Assert.Equal((expected.OutletId, expected.SourceId, expected.CanonicalUrl, expected.Link), (actual.OutletId, actual.SourceId, actual.CanonicalUrl, actual.Link));
        Assert.Equal(expected.Link.AbsoluteUri, actual.Link.AbsoluteUri);
        // Offsets too: the same instant with another offset would still compare equal.
        Assert.Equal((expected.Published, expected.Published?.Offset), (actual.Published, actual.Published?.Offset));
        Assert.Equal((expected.Updated, expected.Updated?.Offset), (actual.Updated, actual.Updated?.Offset));
        Assert.Equal(expected.ContentFromPage, actual.ContentFromPage);
        Assert.Equal(expected.Topics, actual.Topics);
        Assert.Equal((prepared.Hash, prepared.Id, prepared.Identity, prepared.Dated), (unpacked.Hash, unpacked.Id, unpacked.Identity, unpacked.Dated));
        Assert.Equal(prepared.Text, unpacked.Text);
    }

    [Fact]
    public void SettingsAfterTheRows_ReadBackAsAdded_InRowsSizedForThem()
    {
        var articles = GeneratedRounds(seed: 3)[0][0].Articles.Select(PreparedArticle.Of).ToList();
        var settings = new Dictionary<string, string>
        {
            ["seen:o"] = $"[{string.Join(',', Enumerable.Range(0, 50).Select(i => $"\"{i:X32}\""))}]",
            ["empty"] = "",
            ["ünïcödé ✓"] = "∑ value",
        };
        using var rows = PackedArticleRows.For(articles, settings);
        var at = articles.ConvertAll(rows.Add);
        var settingsAt = rows.AddSettings(settings);

        Assert.Equal(0, rows.Growths);
        Assert.Equal(settings, rows.ReadSettings(settingsAt));
        // The rows before them are untouched, and the walk over the rows ends where the settings begin.
        var row = 0;
        for (var i = 0; i < articles.Count; i++)
        {
            Assert.Equal(at[i], row);
            Assert.Equal(articles[i].Candidate.Title, rows.ReadText(row, PackedArticleRows.Column.Title));
            row = rows.Next(row);
        }
        Assert.Equal(settingsAt, row);
        using var none = PackedArticleRows.For(articles, new Dictionary<string, string>());
        articles.ForEach(a => none.Add(a));
        Assert.Empty(none.ReadSettings(none.AddSettings(new Dictionary<string, string>())));
    }

    [Fact]
    public void ABufferThatGrows_KeepsTheRowsAddedBeforeIt()
    {
        using var rows = new PackedArticleRows(1);
        var added = Enumerable.Range(0, 40).Select(i => Candidate("o", i, $"title {i}", null, string.Concat(Enumerable.Repeat($"word{i} ", 200 + i)), null)).ToList();
        var at = added.ConvertAll(c => rows.Add(PreparedArticle.Of(c)));

        Assert.True(rows.Bytes > 40 * 1200, $"{rows.Bytes} bytes");
        for (var i = 0; i < added.Count; i++)
        {
            Assert.Equal(added[i].Content, rows.ReadText(at[i], PackedArticleRows.Column.Content));
        }
    }

    [Fact]
    public void RowsSizedForTheirArticles_TakeWhatTheirTextsNeed_AndDoNotGrow()
    {
        // Every kind of article the generated rounds hold: ASCII and not, long and short, with categories and enclosures.
        var articles = GeneratedRounds(seed: 5).SelectMany(round => round).SelectMany(poll => poll.Articles).Select(PreparedArticle.Of).ToList();
        foreach (var count in new[] { 1, 6, articles.Count })
        {
            var poll = articles.Take(count).ToList();
            using var rows = PackedArticleRows.For(poll);
            foreach (var article in poll)
            {
                rows.Add(article);
            }

            Assert.Equal(0, rows.Growths);
            // Exact for texts; a separator or an enclosure's field names over, never under here (nothing to escape).
            var estimate = poll.Sum(PackedArticleRows.RowBytes);
            Assert.InRange(estimate - rows.Bytes, 0, 64L * poll.Count);
            // The pool rounds a rent up to a power of two, no further.
            Assert.True(rows.Capacity < Math.Max(2 * rows.Bytes, 1024), $"{rows.Capacity} bytes held for {rows.Bytes} bytes of {count} rows");
        }
    }

    [Fact]
    public void RowsSized_LeaveTheTopicMatchsSearchText_ForTheRowToTake()
    {
        // As the pipeline hands them over: the topic match folded the search text once, and the row takes it.
        var plain = Candidate("o", 1, "A title", "A summary", "<p>Some content</p>", null);
        var matched = plain with { FoldedSearch = new FoldedSearchText(plain, "a title a summary some content") };
        var article = PreparedArticle.Of(matched);

        using var rows = PackedArticleRows.For([article]);
        Assert.Equal("a title a summary some content", matched.FoldedSearch!.Peek(matched));
        var at = rows.Add(article);

        Assert.Equal("a title a summary some content", rows.ReadText(at, PackedArticleRows.Column.Search));
        Assert.Null(matched.FoldedSearch.Peek(matched));
        Assert.Equal(0, rows.Growths);
    }

    [Fact]
    public void RowsSizedShort_GrowAndKeepEveryRow()
    {
        // JSON escapes a quote in a category: the estimate falls short, and the rows grow instead.
        var poll = Enumerable.Range(0, 8).Select(i => PreparedArticle.Of(Candidate("o", i, $"t{i}", null, null, null) with
        {
            Categories = [.. Enumerable.Range(0, 200).Select(c => $"\"c{c}\"")],
        })).ToList();
        using var rows = PackedArticleRows.For(poll);
        var at = poll.ConvertAll(rows.Add);

        Assert.True(rows.Growths > 0, $"{rows.Bytes} bytes in {rows.Capacity}");
        for (var i = 0; i < poll.Count; i++)
        {
            Assert.Equal(StoredRows.CategoriesJson(poll[i].Candidate), rows.ReadText(at[i], PackedArticleRows.Column.Categories));
            Assert.Equal($"t{i}", rows.ReadText(at[i], PackedArticleRows.Column.Title));
        }
    }

    private async Task<(SqliteStore Store, List<IngestSummary> Summaries)> StoreAllAsync(string name, bool pack, List<List<PollRecord>> rounds)
    {
        var store = SqliteStore.InDataFolder(Path.Combine(_folder.Path, name));
        await store.MigrateAsync(SqliteMigrations.Steps, CancellationToken.None);
        store.PackWaitingArticles = pack;
        var summaries = new List<IngestSummary>();
        foreach (var round in rounds)
        {
            // One round's polls queue together, so group commits (and their joined polls) are part of what is compared.
            summaries.AddRange(await Task.WhenAll(round.Select(p => store.SavePollAsync(p, CancellationToken.None))));
        }
        return (store, summaries);
    }

    /// <summary>Every row of a table in key order, each value with its SQLite type, blobs as hex.</summary>
    private static async Task<List<string>> DumpAsync(SqliteStore store, string table, string order)
    {
        await using var connection = await ConnectAsync(store);
        var rows = await RowsAsync(connection, $"SELECT * FROM {table} ORDER BY {order};");
        return rows.ConvertAll(row => string.Join(" | ", row.Select(v => v switch
        {
            null or DBNull => "NULL",
            byte[] blob => "blob:" + Convert.ToHexString(blob),
            string text => "text:" + text,
            _ => v.GetType().Name + ":" + Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        })));
    }

    /// <summary>
    /// Three rounds of twelve outlets: texts short and long, ASCII and not, compressible and not, with and without
    /// summary, author, categories, enclosures and image; outlets that copy each other's stories (dedup compares them);
    /// then the same entries again, some edited.
    /// </summary>
    private static List<List<PollRecord>> GeneratedRounds(int seed)
    {
        var random = new Random(seed);
        var stories = Enumerable.Range(0, 30).Select(_ => Words(random, random.Next(5, 400))).ToList();
        List<PollRecord> Round(int round) => [.. Enumerable.Range(0, 12).Select(o =>
        {
            var outlet = $"outlet{o}";
            var articles = Enumerable.Range(0, 6).Select(i =>
            {
                // Outlets share stories (copies across outlets), each with its own URL.
                var story = stories[(o * 6 + i) % stories.Count];
                var edited = round == 2 && i % 3 == 0 ? story + " Update: more words here." : story;
                return Candidate(outlet, i, $"Story {i} of {outlet} {(i % 4 == 0 ? "— ünïcödé ✓" : "")}",
                    summary: i % 2 == 0 ? edited[..Math.Min(edited.Length, 20 + 15 * i)] : null,
                    content: i % 5 == 4 ? null : i % 5 == 3 ? Noise(random, 300) : $"<p>{edited}</p>",
                    author: i % 3 == 1 ? $"Writer {o}" : null) with
                {
                    Categories = i % 2 == 1 ? [$"cat{i}", "news"] : [],
                    Enclosures = i == 2 ? [new Enclosure(new Uri($"https://{outlet}.example/{i}.mp3"), "audio/mpeg", 1234)] : [],
                    ImageUrl = i == 1 ? new Uri($"https://{outlet}.example/{i}.jpg") : null,
                    SourceId = i % 2 == 0 ? $"guid-{outlet}-{i}" : null,
                    Updated = round == 2 && i % 3 == 0 ? T0.AddHours(1) : null,
                    // What the writer makes again from the row: an offset, and content that is the page's to give.
                    Published = T0.AddMinutes(-i).ToOffset(TimeSpan.FromHours(i - 3)),
                    ContentFromPage = i == 4,
                    Topics = i == 3 ? [] : ["all", $"t{i % 3}", $"o{o % 2}"],
                };
            }).ToArray();
            // A packed poll's settings wait in its rows too: what it has seen (as the pipeline's), and one more, not ASCII.
            return SavedPolls.Poll(outlet, T0.AddHours(round), articles) with
            {
                Settings = new Dictionary<string, string>
                {
                    [$"seen:{outlet}"] = $"[{string.Join(',', articles.Select(a => $"\"{Convert.ToHexString(Encoding.UTF8.GetBytes(a.CanonicalUrl))[..32]}\""))}]",
                    [$"note:{outlet}"] = $"round {round} — ünïcödé ✓",
                },
            };
        })];
        return [Round(0), Round(1), Round(2)];
    }

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => $"w{random.Next(0, 800)}"));

    /// <summary>Text Brotli cannot shrink: it stays text in the row and in the file.</summary>
    private static string Noise(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)random.Next(0x21, 0x2FF));
        }
        return text.ToString();
    }

    private static ArticleCandidate Candidate(string outlet, int i, string title, string? summary, string? content, string? author)
    {
        var url = $"https://{outlet}.example/story/{i}";
        return new ArticleCandidate
        {
            OutletId = outlet,
            CanonicalUrl = url,
            Link = new Uri(url + "?from=feed"),
            Title = title,
            Summary = summary,
            Content = content,
            Author = author,
            Published = T0.AddMinutes(-i),
            Topics = ["all", $"t{i % 3}"],
        };
    }
}
