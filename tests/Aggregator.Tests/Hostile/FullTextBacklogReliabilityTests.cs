using System.Collections.Concurrent;
using System.Globalization;
using System.Xml.Linq;
using Aggregator.Tests.Cli;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Issue 20 end to end, on both stores: `poll` of a fullText outlet whose 181-article feed links pages that
/// answer, 404, 500 or are forbidden by robots.txt. Every article ends with its page's text or its feed's,
/// and status and explain say what is still waiting and what was given up on, and why.
/// </summary>
public sealed class FullTextBacklogReliabilityTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const string Section = "fulltext-backlog";
    private const int Articles = 181;
    private static readonly ConcurrentDictionary<string, string> Rows = new(StringComparer.Ordinal);

    private enum Page { Ok, NotFound, ServerError, Forbidden }

    private static Page KindOf(int i) => (i % 12) switch { 5 => Page.NotFound, 9 => Page.ServerError, 7 => Page.Forbidden, _ => Page.Ok };

    [Fact]
    public Task Poll_A181ArticleFullTextFeed_WithFailingPages_LeavesNoArticleWithoutText_AndSaysWhy() => PollAndCheckAsync(postgres: false);

    // A dozen commands, each opening the shared store and its scheduler tables: about 25 s.
    [Fact]
    [Trait("Category", "Slow")]
    public Task Poll_A181ArticleFullTextFeed_OnPostgres_LeavesNoArticleWithoutText_AndSaysWhy() => PollAndCheckAsync(postgres: true);

    private async Task PollAndCheckAsync(bool postgres)
    {
        await using var world = await OutletsWorld.StartAsync(postgres);
        var server = world.Server;
        server.Set("robots.txt", "User-agent: *\nDisallow: /news/private/\n", "text/plain");
        for (var i = 0; i < Articles; i++)
        {
            switch (KindOf(i))
            {
                case Page.Ok: server.Set($"news/{i}.html", ArticlePage(i), "text/html; charset=utf-8"); break;
                case Page.NotFound: server.SetStatus($"news/{i}.html", 404); break;
                case Page.ServerError: server.SetStatus($"news/{i}.html", 500); break;
                case Page.Forbidden: server.Set($"news/private/{i}.html", ArticlePage(i), "text/html; charset=utf-8"); break;
            }
        }
        server.Set("news/feed.rss", Feed(server));
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "maxItemsPerFeed": 500 },
              "outlets": [ { "id": "teasers", "name": "Teasers", "url": "{{server.Url("news/feed.rss")}}", "fullText": true } ] }
            """);

        var lines = new List<string>();
        do
        {
            var poll = await CliRunner.RunAsync(world.Args("poll"));
            Assert.True(poll.ExitCode == 0, poll.Error);
            lines.Add(Assert.Single(poll.Lines));
        }
        while ((lines.Count == 1 || !lines[^1].Contains(" updated=0 ", StringComparison.Ordinal)) && lines.Count < 12);

        var ok = Enumerable.Range(0, Articles).Count(i => KindOf(i) == Page.Ok);
        var forbidden = Enumerable.Range(0, Articles).Count(i => KindOf(i) == Page.Forbidden);
        var retrying = Articles - ok - forbidden;
        Assert.StartsWith($"teasers  ok  new={Articles} updated=0 ", lines[0], StringComparison.Ordinal);
        // Seven polls of 30 pages take all 181; the eighth finds nothing due (the failed ones wait an hour).
        Assert.Equal(8, lines.Count);
        // The pages of the first poll arrived with their articles (new=); every later one is an updated article.
        var okFirst = Enumerable.Range(0, 30).Count(i => KindOf(i) == Page.Ok);
        Assert.Equal(ok - okFirst, lines.Sum(l => int.Parse(l.Split("updated=")[1].Split(' ')[0], CultureInfo.InvariantCulture)));
        Assert.All(Enumerable.Range(0, Articles).Where(i => KindOf(i) == Page.Forbidden), i => Assert.Empty(server.RequestsTo($"news/private/{i}.html")));

        var status = await CliRunner.RunAsync(world.Args("status"));
        Assert.Contains(status.ErrorLines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)
            .SequenceEqual(["teasers", retrying.ToString(CultureInfo.InvariantCulture), forbidden.ToString(CultureInfo.InvariantCulture)]));

        var publish = await CliRunner.RunAsync(world.Args("publish", "--out", Path.Combine(world.Folder, "site")));
        Assert.True(publish.ExitCode == 0, publish.Error);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = XDocument.Load(Path.Combine(world.Folder, "site", "all.atom")).Descendants(atom + "entry").ToList();
        Assert.Equal(Articles, entries.Count);
        var withPage = 0;
        foreach (var entry in entries)
        {
            var i = int.Parse(entry.Element(atom + "title")!.Value.Split(' ')[1], CultureInfo.InvariantCulture);
            var content = entry.Element(atom + "content")?.Value ?? "";
            var expected = KindOf(i) == Page.Ok ? $"Page body of article {i}," : $"Feed content {i}.";
            Assert.True(content.Contains(expected, StringComparison.Ordinal), $"article {i}: {content}");
            withPage += KindOf(i) == Page.Ok ? 1 : 0;
        }

        var forbiddenId = entries.First(e => KindOf(int.Parse(e.Element(atom + "title")!.Value.Split(' ')[1], CultureInfo.InvariantCulture)) == Page.Forbidden)
            .Element(atom + "id")!.Value;
        var notFoundId = entries.First(e => KindOf(int.Parse(e.Element(atom + "title")!.Value.Split(' ')[1], CultureInfo.InvariantCulture)) == Page.NotFound)
            .Element(atom + "id")!.Value;
        var explainForbidden = await CliRunner.RunAsync(world.Args("explain", forbiddenId));
        var explainNotFound = await CliRunner.RunAsync(world.Args("explain", notFoundId));
        Assert.Contains(explainForbidden.Lines, l => l.StartsWith("full text: given up after 1 try (robots): ", StringComparison.Ordinal));
        Assert.Contains(explainNotFound.Lines, l => l.StartsWith("full text: waiting for its page, next try ", StringComparison.Ordinal)
            && l.Contains("(1 of 3 tries failed): fetch: resource not found (404 status code)", StringComparison.Ordinal));

        Record(postgres ? "2-postgres" : "1-sqlite",
            $"{(postgres ? "PostgreSQL" : "SQLite")}: `poll` ×{lines.Count} of a {Articles}-article fullText feed ({ok} pages answer, {retrying} answer 404 or 500, {forbidden} robots.txt forbids)",
            $"first poll `new={Articles}`, then `updated=` {string.Join(", ", lines.Skip(1).Select(l => l.Split("updated=")[1].Split(' ')[0]))}; "
            + $"{withPage} articles with their page's text, {Articles - withPage} with their feed's; status `{retrying} waiting, {forbidden} given up`; "
            + "explain: `given up after 1 try (robots)`, `waiting … (1 of 3 tries failed): fetch: resource not found (404 status code)`");
    }

    private void Record(string key, string setup, string outcome)
    {
        Rows[key] = $"| {setup} | {outcome} |";
        report.Record(Section, "## Full text for every article (issue 20)\n\n| setup | outcome |\n| --- | --- |\n"
            + string.Join('\n', Rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)));
    }

    private static string Feed(Fixtures.OutletServer server)
    {
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var items = Enumerable.Range(0, Articles).Select(i => $"""
            <item><title>Article {i}</title><link>{server.Url(KindOf(i) == Page.Forbidden ? $"news/private/{i}.html" : $"news/{i}.html")}</link>
            <guid isPermaLink="false">article-{i}</guid><description>Teaser {i}.</description>
            <content:encoded><![CDATA[<p>Feed content {i}. The whole article as the feed gives it.</p>]]></content:encoded>
            <pubDate>{now.AddHours(-i).ToString("R", CultureInfo.InvariantCulture)}</pubDate></item>
            """);
        return $"""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Teasers</title><link>{server.BaseUrl}</link>
            {string.Concat(items)}
            </channel></rss>
            """;
    }

    private static string ArticlePage(int i) => $$"""
        <!DOCTYPE html><html><head><title>Article {{i}} - News</title></head><body>
        <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world/">World</a></li></ul></nav>
        <main><article class="post"><h1>Article {{i}}</h1><div class="entry-content">
        <p>Page body of article {{i}}, as its own page tells it: two former leaders of major South Asian countries have reportedly accused the United States of covert regime change operations to topple their governments.</p>
        <p>One of the leaders, former Pakistan Prime Minister Imran Khan, languishes in prison, on a perverse conviction that proves his assertion, according to the reporting of article {{i}}.</p>
        <p>The other leader, former Bangladesh Prime Minister Sheik Hasina, fled to India following a violent coup in her country, and has said so in statements published by her party.</p>
        <p>Their grave accusations against the U.S., as reported in the world media, should be investigated by the U.N., since if true they would constitute a fundamental threat to world peace.</p>
        </div></article></main>
        <footer><p>News © 2026</p></footer></body></html>
        """;
}
