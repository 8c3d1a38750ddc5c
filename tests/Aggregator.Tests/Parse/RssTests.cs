using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Parse;

public class RssTests
{
    private static FeedEntry Item(string itemXml, string channelExtra = "") =>
        ParseKit.Feed($"""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>Coups</title><link>https://popularresistance.org/category/coups/</link>{channelExtra}
            <item>{itemXml}</item></channel></rss>
            """).Entries[0];

    [Fact]
    public void Rss_ItemWithoutLink_UsesGuidPermalink() =>
        Assert.Equal(new Uri("https://popularresistance.org/p/1/"), Item("<guid>https://popularresistance.org/p/1/</guid>").Link);

    [Fact]
    public void Rss_GuidNotPermalink_IsNotUsedAsLink()
    {
        var entry = Item("<guid isPermaLink=\"false\">https://popularresistance.org/?p=1</guid>");

        Assert.Null(entry.Link);
        Assert.Equal("https://popularresistance.org/?p=1", entry.Id);
    }

    [Fact]
    public void Rss_ItemWithoutGuid_UsesLinkAsId() =>
        Assert.Equal("https://popularresistance.org/a/", Item("<link>https://popularresistance.org/a/</link>").Id);

    [Fact]
    public void Rss_RelativeLink_ResolvesAgainstTheChannelLink() =>
        Assert.Equal(new Uri("https://popularresistance.org/venezuela-coup/"), Item("<link>/venezuela-coup/</link>").Link);

    [Fact]
    public void Rss_RelativeLink_WithoutChannelLink_ResolvesAgainstTheFetchUrl()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><item><link>a.html</link></item></channel></rss>");

        Assert.Equal(new Uri("https://example.org/feed/a.html"), feed.Entries[0].Link);
    }

    [Fact]
    public void Rss_XmlBase_WinsForRelativeLinks()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel xml:base=\"https://base.example/dir/\"><link>https://site.example/</link><item><link>a.html</link><enclosure url=\"b.mp3\" type=\"audio/mpeg\" length=\"10\"/></item></channel></rss>");

        Assert.Equal(new Uri("https://base.example/dir/a.html"), feed.Entries[0].Link);
        Assert.Equal(new Enclosure(new Uri("https://base.example/dir/b.mp3"), "audio/mpeg", 10), feed.Entries[0].Enclosures[0]);
    }

    [Fact]
    public void Rss_FeedburnerOrigLink_WinsOverTheTrackingLink()
    {
        var entry = Item("<link>https://feeds.feedburner.com/~r/x/1</link><feedburner:origLink xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\">https://popularresistance.org/real/</feedburner:origLink>");

        Assert.Equal(new Uri("https://popularresistance.org/real/"), entry.Link);
    }

    [Fact]
    public void Rss_AuthorFallbacks_AuthorThenDcCreatorThenItunes()
    {
        Assert.Equal(new Person("Kim Petersen", "kim@example.org"), Item("<author>kim@example.org (Kim Petersen)</author><dc:creator>Other</dc:creator>").Authors[0]);
        Assert.Equal(["A", "B"], Item("<dc:creator>A</dc:creator><dc:creator>B</dc:creator><itunes:author>C</itunes:author>").Authors.Select(a => a.Name));
        Assert.Equal("C", Item("<itunes:author>C</itunes:author>").Author);
    }

    [Fact]
    public void Rss_UndeclaredDcPrefix_StillReadsTheCreator()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><item><title>t</title><dc:creator>Jorge Martín</dc:creator></item></channel></rss>");

        Assert.Equal("Jorge Martín", feed.Entries[0].Author);
    }

    [Fact]
    public void Rss_DescriptionIsSummary_ContentEncodedIsContent()
    {
        var entry = Item("<description>&lt;p&gt;teaser&lt;/p&gt;</description><content:encoded><![CDATA[<p>full</p>]]></content:encoded>");

        Assert.Equal("<p>teaser</p>", entry.Summary);
        Assert.Equal("<p>full</p>", entry.Content);
    }

    [Fact]
    public void Rss_UnescapedMarkupInDescription_IsKeptAsHtml() =>
        Assert.Equal("<p>teaser <b>bold</b></p>", Item("<description><p>teaser <b>bold</b></p></description>").Summary);

    [Fact]
    public void Rss_TitleWithMarkup_BecomesPlainText()
    {
        Assert.Equal("A coup in Bolivia", Item("<title>&lt;b&gt;A coup&lt;/b&gt; in   Bolivia</title>").Title);
        Assert.Equal("AT&T", Item("<title>AT&amp;amp;T</title>").Title);
    }

    [Fact]
    public void Rss_DcDate_IsThePublishedFallback() =>
        Assert.Equal(new DateTimeOffset(2024, 8, 1, 12, 0, 0, TimeSpan.Zero), Item("<dc:date>2024-08-01T12:00:00Z</dc:date>").Published);

    [Fact]
    public void Rss_MediaRss_GivesImageAndEnclosures()
    {
        var entry = Item("""
            <media:group><media:content url="https://cdn.example/v.mp4" type="video/mp4" fileSize="99"/><media:thumbnail url="https://cdn.example/t.jpg"/></media:group>
            <media:content url="https://cdn.example/p.jpg" medium="image"/>
            """);

        Assert.Equal(new Uri("https://cdn.example/t.jpg"), entry.ImageUrl);
        Assert.Contains(new Enclosure(new Uri("https://cdn.example/v.mp4"), "video/mp4", 99), entry.Enclosures);
        Assert.Equal(2, entry.Enclosures.Count);
    }

    [Fact]
    public void Rss_ItunesImage_IsTheImageFallback() =>
        Assert.Equal(new Uri("https://cdn.example/i.png"), Item("<itunes:image href=\"https://cdn.example/i.png\"/>").ImageUrl);

    [Fact]
    public void Rss_Categories_AreDistinctAndIncludeDcSubject() =>
        Assert.Equal(["Coups", "Venezuela"], Item("<category domain=\"x\">Coups</category><category>coups</category><dc:subject>Venezuela</dc:subject>").Categories);

    [Fact]
    public void Rss_ChannelImageAuthorAndVersion()
    {
        var feed = ParseKit.Feed("""
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Old&nbsp;school</title><managingEditor>ed@example.org (The Editor)</managingEditor>
            <image><url>/logo.png</url></image><link>https://old.example/</link><item><title>x</title></item></channel></rss>
            """);

        Assert.Equal("rss091n", feed.Version);
        Assert.Equal("Old\u00A0school", feed.Title);
        Assert.Equal("The Editor", feed.Authors[0].Name);
        Assert.Equal(new Uri("https://example.org/logo.png"), feed.ImageUrl);
    }

    [Fact]
    public void Rss_AtomLinkInChannel_IsNotMistakenForTheSiteLink()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><atom:link href=\"https://x.example/feed\" rel=\"self\"/><link>https://x.example/</link></channel></rss>");

        Assert.Equal(new Uri("https://x.example/"), feed.Link);
        Assert.Equal(new Uri("https://x.example/feed"), feed.FeedUrl);
    }
}
