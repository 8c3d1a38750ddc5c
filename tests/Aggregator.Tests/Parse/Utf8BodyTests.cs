using System.Text;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>
/// An entry's body whose bytes are its text (a CDATA section, or a run with no reference) is kept as its UTF-8 and
/// decoded when a later stage first reads it; the parse itself decodes none. What the entry reads is the tree
/// road's text either way (DirectEntryTests and ParseOutputHashTests over the corpora).
/// </summary>
public class Utf8BodyTests
{
    private static string Rss(string item) =>
        $"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title><link>https://e.example/</link>{item}</channel></rss>";

    [Fact]
    public void CdataAndPlainBodies_AreKeptAsUtf8_AndTheParseDecodesNone()
    {
        var feed = ParseKit.Feed(Rss(
            "<item><title>a</title><link>https://e.example/a</link><description>  plain words, no reference  </description>" +
            "<content:encoded><![CDATA[ <p>José <img src=\"/x.png\"></p> ]]></content:encoded></item>"));
        var entry = Assert.Single(feed.Entries);

        Assert.NotNull(entry.Utf8Summary);
        Assert.NotNull(entry.Utf8Content);
        // The picture was found in the bytes, and the tell-tale check of DoubleEncoding looked at them too ("é" is 0xC3 0xA9).
        Assert.Equal(new Uri("https://e.example/x.png"), entry.ImageUrl);
        Assert.False(entry.Utf8Summary.IsDecoded);
        Assert.False(entry.Utf8Content.IsDecoded);

        Assert.Equal("plain words, no reference", entry.Summary);
        Assert.Equal("<p>José <img src=\"/x.png\"></p>", entry.Content);
        Assert.True(entry.Utf8Content.IsDecoded);
        Assert.Same(entry.Content, entry.Content);
    }

    [Fact]
    public void BodiesTheRulesChange_OrWithReferences_AreStrings_AsBefore()
    {
        var feed = ParseKit.Feed(Rss(
            "<item><title>double-escaped</title><link>https://e.example/a</link><description><![CDATA[&lt;p&gt;Hello&lt;/p&gt;]]></description></item>" +
            "<item><title>reference</title><link>https://e.example/b</link><description>&lt;p&gt;Hi &amp; bye&lt;/p&gt; and more</description></item>" +
            "<item><title>double-encoded</title><link>https://e.example/c</link><description><![CDATA[<p>feminicÃ­dio</p>]]></description></item>" +
            "<item><title>blank</title><link>https://e.example/d</link><description><![CDATA[   ]]></description></item>"));

        Assert.Equal(4, feed.Entries.Count);
        Assert.All(feed.Entries, e => Assert.Null(e.Utf8Summary));
        Assert.Equal("<p>Hello</p>", feed.Entries[0].Summary);
        Assert.Equal("<p>Hi & bye</p> and more", feed.Entries[1].Summary);
        Assert.Equal("<p>feminicídio</p>", feed.Entries[2].Summary);
        Assert.Null(feed.Entries[3].Summary);
    }

    [Fact]
    public void AtomHtmlBody_IsKeptAsUtf8_AndATextOneEscapedAsBefore()
    {
        var feed = ParseKit.Feed(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:f</id><updated>2026-12-06T10:00:00Z</updated>" +
            "<entry><id>urn:1</id><title>one</title><updated>2026-12-06T10:00:00Z</updated><summary type=\"text\">a &lt; b</summary>" +
            "<content type=\"html\"><![CDATA[<p>Ça va</p>]]></content></entry></feed>");
        var entry = Assert.Single(feed.Entries);

        Assert.Null(entry.Utf8Summary);
        Assert.NotNull(entry.Utf8Content);
        Assert.Equal("a &lt; b", entry.Summary);
        Assert.Equal("<p>Ça va</p>", entry.Content);
    }

    [Fact]
    public void TheBodyBuffer_ReusedAfterTheParse_DoesNotChangeAnEntry()
    {
        var body = Encoding.UTF8.GetBytes(Rss(
            "<item><title>a</title><link>https://e.example/a</link><description><![CDATA[<p>The original words.</p>]]></description></item>"));
        var entry = Assert.Single(FeedParser.Parse(body, ParseKit.FetchUri).Feed!.Entries);
        Assert.NotNull(entry.Utf8Summary);

        // A pooled buffer handed to the next fetch: every byte overwritten before the body is first read.
        Array.Fill(body, (byte)'x');

        Assert.Equal("<p>The original words.</p>", entry.Summary);
    }

    [Fact]
    public void ABodyGivenAsAString_ReplacesTheUtf8_AndReadsAsGiven()
    {
        var entry = Assert.Single(ParseKit.Feed(Rss(
            "<item><title>a</title><link>https://e.example/a</link><description><![CDATA[<p>old</p>]]></description></item>")).Entries);

        var changed = entry with { Summary = "<p>new</p>" };
        var cleared = entry with { Summary = null };

        Assert.Null(changed.Utf8Summary);
        Assert.Equal("<p>new</p>", changed.Summary);
        Assert.Null(cleared.Summary);
        Assert.Equal("<p>old</p>", entry.Summary);
    }

    [Fact]
    public void ReadersAskingAtOnce_GetTheSameText()
    {
        var text = string.Concat(Enumerable.Repeat("<p>Ünïcode text, read by many at once.</p>", 2000));
        for (var round = 0; round < 20; round++)
        {
            var entry = Assert.Single(ParseKit.Feed(Rss(
                $"<item><title>a</title><link>https://e.example/a</link><description><![CDATA[{text}]]></description></item>")).Entries);
            var read = new string?[4];
            Parallel.For(0, read.Length, i => read[i] = entry.Summary);
            Assert.All(read, r => Assert.Equal(text, r));
        }
    }

    [Theory]
    [InlineData("<p><IMG SRC=\"a.png\"></p>")]
    [InlineData("<p><ımg src=\"no.png\"><img\u00A0src=\"nbsp.png\"><img src = 'b.png'></p>")]
    [InlineData("<p><img alt=\"x\"><img data-src=\"c.png\" src=d.png></p>")]
    [InlineData("<p><img src=\"unclosed.png></p>")]
    [InlineData("<p><img src=\"&amp;amp.png\"></p><img src=\"e.png\">")]
    [InlineData("<img title=\"Ünïcode, and long enough to pass the stack buffer: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" src=\"long.png\">")]
    [InlineData("<p>no picture, <imgx> <im</p>")]
    [InlineData("<img")]
    // The two spellings of "<i" found apart: non-pictures of either case before the picture, in turns.
    [InlineData("<p><i>x</i><Iframe src=\"f.html\"></Iframe><iMg src=\"mixed.png\"><img src=\"late.png\"></p>")]
    [InlineData("<I>x</I><i>y</i><IMG alt=\"none\"><i>z</i><Img src=\"after-both.png\">")]
    [InlineData("<i>a</i><i>b</i><I>c</I><i>d</i><I")]
    [InlineData("<I><i><imG src=\"third.png\">")]
    public void FirstImage_FromTheBytes_IsTheStringsFirstImage(string html)
    {
        var baseUri = new Uri("https://e.example/post/");
        Assert.Equal(HtmlImages.First(html, baseUri), HtmlImages.First(Encoding.UTF8.GetBytes(html), baseUri));
    }
}
