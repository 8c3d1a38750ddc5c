using System.Globalization;
using System.Text;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>
/// A body that ends inside an entry (a Content-Length shorter than the feed, a connection closed early) lost the end
/// of that entry: it is dropped and counted with its reason, and every complete entry before it is kept. Cut at every
/// character of the last entry, not at one chosen place, so no construct (an attribute, a CDATA section, a comment,
/// an entity, an end tag half written) is left out.
/// </summary>
public sealed class CutOffBodyTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>https://e.org/</link>
        <item><title>One &amp; only</title><link>https://e.org/1</link><description><![CDATA[<p>First</p>]]></description></item>
        <item><title>Two</title><link>https://e.org/2</link><guid isPermaLink="false">two</guid></item>
        <item><title>Three &#233;t&eacute;</title><link href="x">https://e.org/3</link><!-- a comment -->
          <description><![CDATA[<p>Third <b>story</b></p>]]></description><dc:creator>A. Writer</dc:creator><category domain="d">News</category></item>
        </channel></rss>
        """;

    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
        <entry><id>urn:1</id><title>One</title><link href="https://e.org/1"/><updated>2026-01-01T00:00:00Z</updated></entry>
        <entry><id>urn:2</id><title type="html">Two &lt;b&gt;bold&lt;/b&gt;</title><link rel="alternate" href="https://e.org/2"/>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Second</p></div></content><!-- c --></entry>
        </feed>
        """;

    [Theory]
    [InlineData(Rss, "item", new[] { "One & only", "Two" })]
    [InlineData(Atom, "entry", new[] { "One" })]
    public void BodyEndingAnywhereInsideTheLastEntry_DropsItWithItsReason_KeepsTheOnesBefore(string feed, string tag, string[] before)
    {
        var start = feed.LastIndexOf("<" + tag + ">", StringComparison.Ordinal) + tag.Length + 2;
        var end = feed.LastIndexOf("</" + tag + ">", StringComparison.Ordinal) + tag.Length + 2;
        var checkedCuts = 0;
        for (var cut = start; cut < end; cut++)
        {
            var result = FeedParser.Parse(Encoding.UTF8.GetBytes(feed[..cut]), ParseKit.FetchUri);
            var at = string.Create(CultureInfo.InvariantCulture, $"cut at {cut}: …{feed[Math.Max(start, cut - 20)..cut]}");

            Assert.True(result.Feed is not null, at + ": " + result.Error);
            Assert.True(before.SequenceEqual(result.Feed.Entries.Select(e => e.Title)), at + ": " + string.Join(" | ", result.Feed.Entries.Select(e => e.Title)));
            var loss = result.Feed.Loss;
            Assert.True(loss is { CutOff: 1, Unreadable: 0, OverLimit: 0 }, at + ": " + (loss?.Message ?? "no loss"));
            Assert.Contains("which was dropped as cut off", loss!.Message, StringComparison.Ordinal);
            checkedCuts++;
        }

        Assert.True(checkedCuts > 100, $"only {checkedCuts} cuts");
    }

    [Fact]
    public void BodyEndingRightAfterAnEntry_KeepsEveryEntry_LosesNothing()
    {
        var cut = Rss[..(Rss.LastIndexOf("</item>", StringComparison.Ordinal) + "</item>".Length)];

        var feed = ParseKit.Feed(cut);

        Assert.Equal(["One & only", "Two", "Three été"], feed.Entries.Select(e => e.Title));
        Assert.Null(feed.Loss);
    }

    [Fact]
    public void ItemLeftOpenBeforeTheCutOne_IsKept_OnlyTheOneTheBodyEndedInIsDropped()
    {
        var result = ParseKit.Result("""<rss version="2.0"><channel><title>T</title><item><title>One</title><item><title>Two</title><description>Half a sen""");

        Assert.Equal(["One"], result.Feed!.Entries.Select(e => e.Title));
        Assert.Equal(1, result.Feed.Loss?.CutOff);
        Assert.Equal(0, result.Feed.Loss?.Unreadable);
    }

    [Fact]
    public void UnclosedCdataThatSwallowsTheRest_IsNotACut()
    {
        // The body did not end inside the first item: a CDATA section left open ran on over the next one.
        var result = ParseKit.Result("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>One</title><description><![CDATA[<p>open</p></description></item>
            <item><title>Two</title></item>
            </channel></rss>
            """);

        Assert.DoesNotContain("cut off", string.Join(" ", result.Feed!.Warnings), StringComparison.Ordinal);
    }
}
