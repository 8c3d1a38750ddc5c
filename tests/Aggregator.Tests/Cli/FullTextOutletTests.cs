using System.Xml.Linq;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>`fullText: true`: each new article's page is fetched once and its main content kept, page furniture left out.</summary>
public sealed class FullTextOutletTests
{
    private const string Paragraph1 = "Two former leaders of major South Asian countries have reportedly accused the United States of covert regime change operations to topple their governments.";
    private const string Paragraph2 = "One of the leaders, former Pakistan Prime Minister Imran Khan, languishes in prison, on a perverse conviction that proves Khan’s assertion.";
    private const string Paragraph3 = "The other leader, former Bangladesh Prime Minister Sheik Hasina, fled to India following a violent coup in her country.";

    private static string ArticlePage(string title) => $$"""
        <!DOCTYPE html><html><head><title>{{title}} - Popular Resistance</title></head><body>
        <a class="skip-link" href="#content">Skip to content</a>
        <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/category/coups/">Coups</a></li><li><a href="/donate/">Donate</a></li></ul></nav>
        <div class="fundraising-appeal"><h3>Urgent End Of Year Fundraising Campaign</h3><p>Donate today to keep independent media alive.</p></div>
        <main id="content"><article class="post"><h1>{{title}}</h1>
        <div class="entry-content"><p>{{Paragraph1}}</p><p>{{Paragraph2}}</p><p>{{Paragraph3}} Their grave accusations against the U.S., as reported in the world media, should be investigated by the U.N., since if true, the U.S. actions would constitute a fundamental threat to world peace and to regional stability in South Asia.</p>
        <p>Khan, who was ousted in a parliamentary vote of no confidence in April 2022, has said that a diplomatic cable, known as the cipher, showed that Washington wanted him removed over his foreign policy, including his visit to Moscow on the day Russia invaded Ukraine.</p>
        <p>Hasina, who ruled Bangladesh for fifteen years, has said in statements published by her party that she could have stayed in power had she surrendered sovereignty over Saint Martin's Island, allowing the United States to dominate the Bay of Bengal.</p></div>
        <div class="share-buttons"><a href="https://twitter.com/share">Tweet</a><a href="https://facebook.com/share">Share</a></div>
        </article>
        <aside class="related-posts"><h3>Related</h3><ul><li><a href="/other/">Another story</a></li></ul></aside>
        <section id="comments"><h3>2 comments</h3><p>Great article!</p></section></main>
        <footer><p>Popular Resistance © 2024</p></footer></body></html>
        """;

    [Fact]
    public async Task NewArticles_GetTheMainContentOfTheirPage_FetchedOnce()
    {
        await using var server = await OutletServer.StartAsync(TestPaths.TestData("outlets"));
        using var folder = new TempFolder();
        server.Set("fulltext/probing.html", ArticlePage("Probing US Regime-Change in Pakistan And Bangladesh"), "text/html; charset=utf-8");
        server.Set("fulltext/feed.rss", $"""
            <rss version="2.0"><channel><title>Teasers</title><link>{server.Url("fulltext/")}</link>
            <item><title>Probing US Regime-Change in Pakistan And Bangladesh</title><link>{server.Url("fulltext/probing.html")}</link>
            <description>Two former leaders… [Read more]</description><pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate></item>
            </channel></rss>
            """);
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "outlets": [ { "id": "teasers", "name": "Teasers", "url": "{{server.Url("fulltext/feed.rss")}}", "fullText": true } ] }
            """);
        string[] args = ["--config", folder.File("feeds.json"), "--data", folder.File("data")];

        Assert.StartsWith("teasers  ok  new=1", Assert.Single((await CliRunner.RunAsync([.. args, "poll"])).Lines), StringComparison.Ordinal);
        server.Set("fulltext/feed.rss", (await new HttpClient().GetStringAsync(server.Url("fulltext/feed.rss"))).Replace("[Read more]", "[Continue]", StringComparison.Ordinal));
        var second = await CliRunner.RunAsync([.. args, "poll"]);
        var third = await CliRunner.RunAsync([.. args, "poll"]);
        await CliRunner.RunAsync([.. args, "publish", "--out", folder.File("site")]);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var document = XDocument.Load(Path.Combine(folder.File("site"), "all.atom"));
        Assert.True(document.Descendants(atom + "content").Any(),
            $"no content; requests: {string.Join(", ", server.Requests.Select(r => r.Path))}; feed: {document}");
        var content = document.Descendants(atom + "content").Single().Value;
        Assert.Contains(Paragraph1, content, StringComparison.Ordinal);
        Assert.Contains(Paragraph2, content, StringComparison.Ordinal);
        foreach (var furniture in new[] { "Skip to content", "Fundraising", "Tweet", "Another story", "Great article", "©" })
        {
            Assert.DoesNotContain(furniture, content, StringComparison.Ordinal);
        }
        // Once: the re-poll changed the entry but did not fetch the page again, nor lose its text.
        Assert.StartsWith("teasers  ok  new=0 updated=1", Assert.Single(second.Lines), StringComparison.Ordinal);
        Assert.StartsWith("teasers  not-modified  new=0 updated=0", Assert.Single(third.Lines), StringComparison.Ordinal);
        Assert.Single(server.RequestsTo("fulltext/probing.html"));
    }
}
