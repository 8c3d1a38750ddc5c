using System.Globalization;
using System.Xml.Linq;
using Aggregator.Model;
using Aggregator.Publish.Rss;
using Xunit;
using static Aggregator.Tests.Publish.FeedDocuments;

namespace Aggregator.Tests.Publish;

public sealed class RssFeedWriterTests
{
    private static XElement Channel(TopicFeed? feed = null) =>
        ParseXml(RssFeedWriter.Write(feed ?? SampleTopicFeed.Build())).Root!.Element("channel")!;

    private static XElement Item(string articleId) =>
        Channel().Elements("item").Single(i => i.Element("guid")!.Value == "urn:aggregator:article:" + articleId);

    [Fact]
    public void Rss_Output_IsWellFormedRss20WithOneItemPerArticle()
    {
        XDocument doc = ParseXml(RssFeedWriter.Write(SampleTopicFeed.Build()));

        Assert.Equal("rss", doc.Root!.Name.LocalName);
        Assert.Equal("2.0", (string?)doc.Root.Attribute("version"));
        Assert.Equal(6, doc.Root.Element("channel")!.Elements("item").Count());
    }

    [Fact]
    public void Rss_Channel_HasTitleLinkDescriptionLastBuildDateGeneratorAndSelfLink()
    {
        XElement channel = Channel();

        Assert.Equal("Venezuela", channel.Element("title")!.Value);
        Assert.Equal("http://127.0.0.1:8080/", channel.Element("link")!.Value);
        Assert.Equal("Venezuela, Maduro and the Bolivarian process", channel.Element("description")!.Value);
        Assert.Equal("Mon, 23 Nov 2026 06:20:01 +0000", channel.Element("lastBuildDate")!.Value);
        Assert.Equal("Aggregator", channel.Element("generator")!.Value);
        XElement self = channel.Element(Atom + "link")!;
        Assert.Equal("self", (string?)self.Attribute("rel"));
        Assert.Equal("http://127.0.0.1:8080/feeds/venezuela.rss", (string?)self.Attribute("href"));
        Assert.Equal("application/rss+xml", (string?)self.Attribute("type"));
    }

    [Fact]
    public void Rss_TopicWithoutDescription_DescribesItselfByTitle()
    {
        XElement channel = Channel(SampleTopicFeed.Build(new TopicDefinition { Id = "coups", Title = "Coups and regime change" }));

        Assert.Equal("Articles on Coups and regime change", channel.Element("description")!.Value);
    }

    [Fact]
    public void Rss_EveryPubDate_ParsesAsRfc822InUtc()
    {
        foreach (XElement item in Channel().Elements("item"))
        {
            string pubDate = item.Element("pubDate")!.Value;
            Assert.True(Rfc822.TryParse(pubDate, out DateTimeOffset parsed), pubDate);
            Assert.Equal(TimeSpan.Zero, parsed.Offset);
        }

        Assert.True(Rfc822.TryParse(Channel().Element("lastBuildDate")!.Value, out _));
    }

    [Fact]
    public void Rss_PubDate_IsPublishedElseFirstSeen()
    {
        Assert.Equal("Mon, 12 Aug 2024 13:30:00 +0000", Item(SampleTopicFeed.UsLedCoup.Id).Element("pubDate")!.Value);
        Assert.Equal("Wed, 30 Jan 2019 07:00:00 +0000", Item(SampleTopicFeed.MoroccoGuaido.Id).Element("pubDate")!.Value);
    }

    [Fact]
    public void Rss_Dates_IgnoreTheCurrentCulture()
    {
        byte[] invariant = RssFeedWriter.Write(SampleTopicFeed.Build());
        CultureInfo original = CultureInfo.CurrentCulture;
        try
        {
            foreach (string culture in new[] { "fr-FR", "ar-SA", "th-TH", "de-DE" })
            {
                CultureInfo.CurrentCulture = new CultureInfo(culture);
                Assert.Equal(invariant, RssFeedWriter.Write(SampleTopicFeed.Build()));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Rss_Guid_IsTheSameNonPermalinkUrnAsTheAtomId()
    {
        XElement guid = Item(SampleTopicFeed.ElectoralFraud.Id).Element("guid")!;

        Assert.Equal("false", (string?)guid.Attribute("isPermaLink"));
        Assert.Equal("urn:aggregator:article:b2q9fraud", guid.Value);
    }

    [Fact]
    public void Rss_Item_CarriesLinkAuthorCategoriesContentAndSourceOutlet()
    {
        XElement item = Item(SampleTopicFeed.UsLedCoup.Id);

        Assert.Equal("Venezuela: It Was A US-Led Coup All Along", item.Element("title")!.Value);
        Assert.Equal("https://popularresistance.org/venezuela-it-was-a-us-led-coup-all-along/", item.Element("link")!.Value);
        Assert.Equal("Popular Resistance", item.Element(Dc + "creator")!.Value);
        Assert.Equal(["Coups", "Venezuela"], item.Elements("category").Select(c => c.Value));
        Assert.Equal(SampleTopicFeed.UsLedCoup.Content, item.Element(Content + "encoded")!.Value);
        XElement source = item.Element("source")!;
        Assert.Equal("Popular Resistance", source.Value);
        Assert.Equal("https://popularresistance.org/category/coups/feed/", (string?)source.Attribute("url"));
        Assert.Null(item.Element("author"));
    }

    [Fact]
    public void Rss_ItemWithoutAuthor_HasNoCreator()
    {
        Assert.Null(Item(SampleTopicFeed.ElectoralFraud.Id).Element(Dc + "creator"));
    }

    [Fact]
    public void Rss_ItemWithCopies_EndsItsDescriptionWithAlsoPublishedBy()
    {
        string description = Item(SampleTopicFeed.UsLedCoup.Id).Element("description")!.Value;

        Assert.StartsWith(SampleTopicFeed.UsLedCoup.Summary!, description, StringComparison.Ordinal);
        Assert.EndsWith(
            "<p>Also published by: <a href=\"https://www.marxist.com/venezuela-us-led-coup.htm\">In Defence of Marxism</a>, " +
            "<a href=\"https://venezuelanalysis.com/news/us-led-coup?ref=a&amp;b=c\">Venezuelanalysis &amp; &lt;Friends&gt;</a></p>",
            description, StringComparison.Ordinal);
    }

    [Fact]
    public void Rss_ItemWithOnlyContent_DescribesItWithAPlainTextExcerpt()
    {
        XElement item = Item(SampleTopicFeed.BolivianPeople.Id);
        string description = item.Element("description")!.Value;

        Assert.StartsWith("<p>On Wednesday June 26, hundreds of members of the Bolivian Armed Forces", description, StringComparison.Ordinal);
        Assert.EndsWith("\u2026</p>", description, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong>", description, StringComparison.Ordinal);
        Assert.InRange(description.Length, 100, 520);
        Assert.Equal(SampleTopicFeed.BolivianPeople.Content, item.Element(Content + "encoded")!.Value);
    }

    [Fact]
    public void Rss_Enclosure_IsTheFirstWithLengthZeroWhenUnknownAndAGuessedType()
    {
        XElement[] enclosures = [.. Item(SampleTopicFeed.AlanWoodsInterview.Id).Elements("enclosure")];

        XElement enclosure = Assert.Single(enclosures);
        Assert.Equal("https://www.marxist.com/media/alan-woods-telesur.mp3", (string?)enclosure.Attribute("url"));
        Assert.Equal("0", (string?)enclosure.Attribute("length"));
        Assert.Equal("audio/mpeg", (string?)enclosure.Attribute("type"));
    }

    [Fact]
    public void Rss_ForbiddenCharacters_AreDroppedFromEveryField()
    {
        XDocument doc = ParseXml(RssFeedWriter.Write(SampleTopicFeed.Build()));
        XElement item = doc.Root!.Element("channel")!.Elements("item")
            .Single(i => i.Element("guid")!.Value.EndsWith(SampleTopicFeed.HostileArticleId, StringComparison.Ordinal));

        AssertOnlyAllowedCharacters(doc);
        Assert.Equal("Bolivia: A Coup Attempt With Winds From The North", item.Element("title")!.Value);
        Assert.Null(item.Element(Dc + "creator"));
        Assert.Equal(["Coups", "Bolivia"], item.Elements("category").Select(c => c.Value));
    }
}
