using System.Globalization;
using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>The tolerances the conformance corpora asked for, one behaviour each, on the samples' own text.</summary>
public class TolerantReadingTests
{
    private const string Title = "Probing US Regime-Change in Pakistan And Bangladesh";

    private static FeedEntry RssItem(string itemXml) =>
        ParseKit.Feed($"""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>Coups</title><link>https://popularresistance.org/category/coups/</link>
            <item>{itemXml}</item></channel></rss>
            """).Entries[0];

    [Fact]
    public void Utf8Feed_WithWindows1252SmartQuotes_KeepsTheQuotes()
    {
        var head = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Coups – Guaidó</title><item><title>");
        var pasted = BodyDecoder.Windows1252.GetBytes("Khan\u2019s assertion \u201Cperverse\u201D");
        var tail = Encoding.UTF8.GetBytes("</title></item></channel></rss>");

        var feed = FeedParser.Parse([.. head, .. pasted, .. tail], ParseKit.FetchUri).Feed!;

        Assert.Equal("Coups – Guaidó", feed.Title);
        Assert.Equal("Khan\u2019s assertion \u201Cperverse\u201D", feed.Entries[0].Title);
    }

    [Theory]
    [InlineData("mer., 19 févr. 2025 10:00:00 +0100", "2025-02-19T10:00:00+01:00")]
    [InlineData("Mi, 19. März 2025 10:00:00 +0100", "2025-03-19T10:00:00+01:00")]
    [InlineData("19 dic 2024 10:00:00 GMT", "2024-12-19T10:00:00+00:00")]
    [InlineData("19 août 2024", "2024-08-19T00:00:00+00:00")]
    [InlineData("Dezember 19, 2024", "2024-12-19T00:00:00+00:00")]
    public void LocalizedMonthNames_AreRead(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), DateParser.Parse(text));

    [Fact]
    public void DoubleEscapedDescription_IsUnescapedOnce() =>
        Assert.Equal("<p>Two former leaders &amp; their accusations</p>",
            RssItem("<description>&amp;lt;p&amp;gt;Two former leaders &amp;amp;amp; their accusations&amp;lt;/p&amp;gt;</description>").Summary);

    [Fact]
    public void DescriptionThatMentionsATag_IsNotUnescaped() =>
        Assert.Equal("History of the &lt;blink&gt; tag", RssItem("<description>History of the &amp;lt;blink&amp;gt; tag</description>").Summary);

    [Fact]
    public void EntityDeclaredInTheDoctype_IsExpanded()
    {
        var feed = ParseKit.Feed("""
            <!DOCTYPE rss [ <!ENTITY site "https://popularresistance.org"> ]>
            <rss version="2.0"><channel><title>Coups</title><item><guid isPermaLink="false">&site;/?p=1</guid></item></channel></rss>
            """);

        Assert.Equal("https://popularresistance.org/?p=1", feed.Entries[0].Id);
    }

    [Fact]
    public void CdfChannel_IsReadAsAFeed()
    {
        var feed = ParseKit.Feed("""
            <CHANNEL BASE="https://popularresistance.org/" HREF="https://popularresistance.org/category/coups/" LASTMOD="2025-02-16T10:00:00+00:00">
              <TITLE>Coups</TITLE><ABSTRACT>Regime change, reported</ABSTRACT>
              <ITEM HREF="/probing-us-regime-change/" LASTMOD="2025-02-16T09:00:00+00:00"><TITLE>Probing US Regime-Change in Pakistan And Bangladesh</TITLE><ABSTRACT>Two former leaders</ABSTRACT></ITEM>
            </CHANNEL>
            """);

        Assert.Equal("cdf", feed.Version);
        Assert.Equal(("Coups", "Regime change, reported"), (feed.Title, feed.Subtitle));
        Assert.Equal(new Uri("https://popularresistance.org/category/coups/"), feed.Link);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal((Title, "Two former leaders"), (entry.Title, entry.Summary));
        Assert.Equal(new Uri("https://popularresistance.org/probing-us-regime-change/"), entry.Link);
        Assert.Equal(new DateTimeOffset(2025, 2, 16, 9, 0, 0, TimeSpan.Zero), entry.Updated);
        Assert.Equal(new Uri("https://popularresistance.org/"), entry.BaseUri);
    }

    [Fact]
    public void CoreElementsInOtherCase_AreRead() =>
        Assert.Equal("Coups", ParseKit.Feed("<rss version=\"2.0\"><channel><TiTlE>Coups</TiTlE></channel></rss>").Title);

    [Theory]
    [InlineData("<atom:content type=\"html\">&lt;p&gt;Two former leaders&lt;/p&gt;</atom:content>")]
    [InlineData("<body><p>Two former leaders</p></body>")]
    [InlineData("<fullitem>&lt;p&gt;Two former leaders&lt;/p&gt;</fullitem>")]
    public void RssItemContent_FromAtomContentBodyOrFullitem(string element) =>
        Assert.Equal("<p>Two former leaders</p>", RssItem(element).Content);

    [Fact]
    public void ItemWithoutImage_TakesTheFirstImageOfItsContent() =>
        Assert.Equal(new Uri("https://popularresistance.org/wp-content/khan.jpg"),
            RssItem("<content:encoded><![CDATA[<p>Imran Khan</p><img alt='x' src=\"/wp-content/khan.jpg\"><img src=\"/b.jpg\">]]></content:encoded>").ImageUrl);

    [Fact]
    public void AtomHtmlContent_InAWrapperDiv_IsTheEscapedHtml()
    {
        var entry = ParseKit.Feed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Coups</title>
            <entry><content type="html"><div xmlns="http://www.w3.org/1999/xhtml">Two &lt;b&gt;former&lt;/b&gt; leaders</div></content></entry></feed>
            """).Entries[0];

        Assert.Equal("Two <b>former</b> leaders", entry.Content);
    }

    [Fact]
    public void AtomDateWrittenTwice_TheLaterOneWins()
    {
        var entry = ParseKit.Feed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Coups</title>
            <entry><updated>2010-12-01T10:14:55Z</updated><updated>2025-02-16T10:00:00Z</updated></entry></feed>
            """).Entries[0];

        Assert.Equal(new DateTimeOffset(2025, 2, 16, 10, 0, 0, TimeSpan.Zero), entry.Updated);
    }

    [Theory]
    [InlineData("https://jsonfeed.org/version/1", "json10")]
    [InlineData("1.0", "json10")]
    [InlineData("https://jsonfeed.org/version/1.1", "json11")]
    public void JsonFeedVersion_IsReadFromUrlOrBareNumber(string version, string expected) =>
        Assert.Equal(expected, ParseKit.Feed($$"""{"version":"{{version}}","title":"Coups","items":[]}""").Version);
}
