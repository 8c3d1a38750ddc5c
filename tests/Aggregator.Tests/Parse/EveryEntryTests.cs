using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;
using static Aggregator.Tests.Parse.ParseKit;

namespace Aggregator.Tests.Parse;

/// <summary>Every entry a feed offers is read, as a lenient reader (feedparser) reads it, and a loss says so.</summary>
public sealed class EveryEntryTests
{
    [Fact]
    public void Rss090_UnderChannelNetscapeNamespace_ReadsItsItemsAndTitle()
    {
        var feed = Feed("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://channel.netscape.com/rdf/simple/0.9/">
              <channel><title>Mozilla Dot Org</title><link>http://www.mozilla.org</link></channel>
              <item><title>New Status Updates</title><link>http://www.mozilla.org/status/</link></item>
              <item><title>Bugzilla Reorganized</title><link>http://www.mozilla.org/bugs/</link></item>
            </rdf:RDF>
            """);

        Assert.Equal("rss090", feed.Version);
        Assert.Equal("Mozilla Dot Org", feed.Title);
        Assert.Equal(["New Status Updates", "Bugzilla Reorganized"], feed.Entries.Select(e => e.Title));
    }

    [Fact]
    public void Rss_InAnUnknownDefaultNamespace_IsReadAsRss()
    {
        var feed = Feed("""<rss version="2.0" xmlns="http://example.com/newformat#"><channel><title>T</title><item><title>One</title></item></channel></rss>""");

        Assert.Equal("One", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void UnclosedElement_BeforeTheItems_KeepsEveryItem()
    {
        var result = Result("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <title>Pod</title><link>https://pod.example/</link>
            <itunes:category text="News">
            <item><title>One</title><link>https://pod.example/1</link></item>
            <item><title>Two</title><link>https://pod.example/2</link></item>
            <item><title>Three</title><link>https://pod.example/3</link></item>
            </channel></rss>
            """);

        Assert.Equal(["One", "Two", "Three"], result.Feed!.Entries.Select(e => e.Title));
        Assert.Null(result.Feed.Loss);
    }

    [Fact]
    public void MissingItemEndTag_KeepsBothItems()
    {
        var feed = Feed("""<rss version="2.0"><channel><title>T</title><item><title>One</title><item><title>Two</title></item></channel></rss>""");

        Assert.Equal(["One", "Two"], feed.Entries.Select(e => e.Title));
    }

    [Fact]
    public void BodyCutShort_DropsTheItemItEndedInside_AndSaysSo()
    {
        var feed = Feed("""<rss version="2.0"><channel><title>T</title><item><title>One</title></item><item><title>Two</title><description>Half a sen""");

        Assert.Equal(["One"], feed.Entries.Select(e => e.Title));
        Assert.Equal("parse: 1 of ~2 entries read (the body ended inside an item (line 1), which was dropped as cut off)", feed.Loss?.Message);
    }

    [Fact]
    public void IllFormedEntry_IsReadFromTheChildrenThatCanBeMadeOut()
    {
        var feed = Feed("""
            <rss version="2.0"><channel><title>T</title>
            <item><title>Broken</title><link>https://e.org/b</link><descriptio<n>safe &lt;b&gt;text</description></item>
            <item><title>Fine</title></item>
            </channel></rss>
            """);

        Assert.Equal(["Broken", "Fine"], feed.Entries.Select(e => e.Title));
        Assert.Equal(new Uri("https://e.org/b"), feed.Entries[0].Link);
    }

    [Fact]
    public void StrayLessThanBeforeTheRoot_DoesNotHideTheFeed()
    {
        var feed = Feed("""<<rss version="2.0"><channel><title>T</title><item><title>One</title></item></channel></rss>""");

        Assert.Equal("One", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void AtomItemAndRssEntry_AreEntriesAsFeedparserReadsThem()
    {
        var atom = Feed("""<feed xmlns="http://purl.org/atom/ns#" version="0.3"><item><title>In Atom</title></item></feed>""");
        var rss = Feed("""<rss version="2.0"><channel><title>T</title><entry><title>In RSS</title></entry></channel></rss>""");

        Assert.Equal("In Atom", Assert.Single(atom.Entries).Title);
        Assert.Equal("In RSS", Assert.Single(rss.Entries).Title);
    }

    [Fact]
    public void GluedFeeds_SayHowManyEntriesWereReadOfHowMany()
    {
        var one = """<rss version="2.0"><channel><title>T</title><item><title>A</title></item><item><title>B</title></item></channel></rss>""";

        var feed = Feed(one + "\n" + one.Replace(">A<", ">C<", StringComparison.Ordinal).Replace(">B<", ">D<", StringComparison.Ordinal));

        Assert.Equal(2, feed.Entries.Count);
        var loss = Assert.IsType<EntryLoss>(feed.Loss);
        Assert.Equal((2, 4, 2, 0), (loss.Read, loss.Marked, loss.Unreadable, loss.OverLimit));
        Assert.StartsWith("parse: 2 of ~4 entries read (", loss.Message, StringComparison.Ordinal);
        Assert.Contains(loss.Message, feed.Warnings);
    }

    [Fact]
    public void EntriesOverTheLimit_AreALossOfItsOwnReason()
    {
        var items = string.Concat(Enumerable.Range(1, 5).Select(i => $"<item><title>{i}</title></item>"));
        var result = FeedParser.Parse(Encoding.UTF8.GetBytes($"""<rss version="2.0"><channel><title>T</title>{items}</channel></rss>"""), FetchUri, null, maxEntries: 3);

        var loss = Assert.IsType<EntryLoss>(result.Feed!.Loss);
        Assert.Equal((3, 5, 2, 0), (loss.Read, loss.Marked, loss.OverLimit, loss.Unreadable));
    }

    [Fact]
    public void ItemMarkupInCdataAndComments_IsNotCountedAsEntries()
    {
        var feed = Feed("""<rss version="2.0"><channel><title>T</title><!-- <item>old</item> --><item><title>A</title><description><![CDATA[<item>html</item>]]></description></item></channel></rss>""");

        Assert.Single(feed.Entries);
        Assert.Null(feed.Loss);
    }

    [Fact]
    public void DoubleEncodedUtf8_InTitlesAndText_IsRepaired()
    {
        var feed = Feed("<rss version=\"2.0\"><channel><title>Br\u00C3\u00B8ndby</title><item><title>feminic\u00C3\u00ADdio \u2014 \u4E2D</title><description>Caf\u00C3\u00A9</description></item></channel></rss>");

        Assert.Equal("Brøndby", feed.Title);
        Assert.Equal("feminicídio — 中", feed.Entries[0].Title);
        Assert.Equal("Café", feed.Entries[0].Summary);
    }

    [Theory]
    [InlineData("Ã la carte")]
    [InlineData("ÂBC")]
    [InlineData("São Paulo — ÉTÉ")]
    public void TextThatOnlyLooksDoubleEncoded_StaysAsWritten(string text)
    {
        Assert.Equal(text, DoubleEncoding.Repair(text));
    }

    [Fact]
    public void UnlabelledKoi8r_IsDetectedNotReadAsWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var koi8 = Encoding.GetEncoding("koi8-r");
        var title = "Как пережить новогоднюю ночь, и что делать утром после праздника";
        var body = koi8.GetBytes($"<rss version=\"2.0\"><channel><title>{title}</title><item><title>{title}</title><description>{title} {title}</description></item></channel></rss>");

        var feed = FeedParser.Parse(body, FetchUri).Feed!;

        Assert.Equal(title, feed.Title);
        Assert.Equal("koi8-r", BodyDecoder.Choose(body).Label);
    }

    [Fact]
    public void Utf8LabelledLatin1_IsReadAsUtf8()
    {
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Brøndby IF — São Paulo</title></channel></rss>");

        Assert.Equal("Brøndby IF — São Paulo", FeedParser.Parse(body, FetchUri).Feed!.Title);
    }
}
