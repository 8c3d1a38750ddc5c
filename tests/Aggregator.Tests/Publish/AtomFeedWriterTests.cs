using System.Globalization;
using System.Xml.Linq;
using Aggregator.Model;
using Aggregator.Publish.Atom;
using Xunit;
using static Aggregator.Tests.Publish.FeedDocuments;

namespace Aggregator.Tests.Publish;

public sealed class AtomFeedWriterTests
{
    private static XDocument WriteSample() => ParseXml(AtomFeedWriter.Write(SampleTopicFeed.Build()));

    private static XElement Entry(XDocument doc, string articleId) =>
        doc.Root!.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == "urn:aggregator:article:" + articleId);

    [Fact]
    public void Atom_Output_IsWellFormedUtf8AtomFeedWithoutBom()
    {
        byte[] bytes = AtomFeedWriter.Write(SampleTopicFeed.Build());

        XDocument doc = ParseXml(bytes);

        Assert.Equal(Atom + "feed", doc.Root!.Name);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Text(bytes), StringComparison.Ordinal);
        Assert.Equal(6, doc.Root.Elements(Atom + "entry").Count());
    }

    [Fact]
    public void Atom_Feed_HasRequiredElementsAndSelfAndAlternateLinks()
    {
        XElement feed = WriteSample().Root!;

        Assert.Equal("urn:aggregator:topic:venezuela", feed.Element(Atom + "id")!.Value);
        Assert.Equal("Venezuela", feed.Element(Atom + "title")!.Value);
        Assert.Equal("Venezuela, Maduro and the Bolivarian process", feed.Element(Atom + "subtitle")!.Value);
        Assert.Equal("2026-11-23T06:20:01Z", feed.Element(Atom + "updated")!.Value);
        Assert.Equal("Aggregator", feed.Element(Atom + "generator")!.Value);
        Assert.Null(feed.Element(Atom + "author")); // entries carry their own, so readers do not show "Aggregator" as the author
        XElement self = feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal("http://127.0.0.1:8080/feeds/venezuela.atom", (string?)self.Attribute("href"));
        Assert.Equal("application/atom+xml", (string?)self.Attribute("type"));
        XElement alternate = feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate");
        Assert.Equal("http://127.0.0.1:8080/", (string?)alternate.Attribute("href"));
    }

    [Fact]
    public void Atom_EveryEntry_HasIdTitleUpdatedAlternateLinkAndAnAuthorOrSourceAuthor()
    {
        foreach (XElement entry in WriteSample().Root!.Elements(Atom + "entry"))
        {
            Assert.StartsWith("urn:aggregator:article:", entry.Element(Atom + "id")!.Value, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "title")!.Value));
            Assert.Equal("text", (string?)entry.Element(Atom + "title")!.Attribute("type"));
            Assert.True(DateTimeOffset.TryParseExact(entry.Element(Atom + "updated")!.Value, "yyyy-MM-dd'T'HH:mm:ss'Z'",
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
            Assert.Single(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
            bool hasAuthor = entry.Elements(Atom + "author").Any(a => !string.IsNullOrWhiteSpace(a.Element(Atom + "name")?.Value));
            bool sourceHasAuthor = entry.Element(Atom + "source")?.Element(Atom + "author")?.Element(Atom + "name") is { Value.Length: > 0 };
            Assert.True(hasAuthor || sourceHasAuthor, "RFC 4287 4.1.2: an entry needs an author, here or in its source");
        }
    }

    [Fact]
    public void Atom_EntryWithoutAuthor_NamesItsOutletInSource()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.ElectoralFraud.Id);

        Assert.Empty(entry.Elements(Atom + "author"));
        XElement source = entry.Element(Atom + "source")!;
        Assert.Equal("urn:aggregator:outlet:popular-resistance", source.Element(Atom + "id")!.Value);
        Assert.Equal("Popular Resistance", source.Element(Atom + "title")!.Value);
        Assert.Equal(entry.Element(Atom + "updated")!.Value, source.Element(Atom + "updated")!.Value);
        Assert.Equal("Popular Resistance", source.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("https://popularresistance.org/", (string?)source.Element(Atom + "link")!.Attribute("href"));
    }

    [Fact]
    public void Atom_EntryWithAuthor_HasAuthorAndStillNamesItsOutlet()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.AlanWoodsInterview.Id);

        Assert.Equal("Alan Woods", entry.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("In Defence of Marxism", entry.Element(Atom + "source")!.Element(Atom + "title")!.Value);
    }

    [Fact]
    public void Atom_EntryId_StaysTheSameWhateverTheFeedAroundIt()
    {
        TopicFeedItem item = SampleTopicFeed.Items()[3];
        TopicFeed alone = SampleTopicFeed.Build(TopicDefinition.All, [item with { AlsoPublishedBy = [] }]);

        string inSample = Entry(WriteSample(), item.Article.Id).Element(Atom + "id")!.Value;
        string inAll = ParseXml(AtomFeedWriter.Write(alone)).Root!.Element(Atom + "entry")!.Element(Atom + "id")!.Value;

        Assert.Equal("urn:aggregator:article:d8m0r0cc0", inSample);
        Assert.Equal(inSample, inAll);
    }

    [Fact]
    public void Atom_Output_IsByteForByteRepeatable()
    {
        Assert.Equal(AtomFeedWriter.Write(SampleTopicFeed.Build()), AtomFeedWriter.Write(SampleTopicFeed.Build()));
    }

    [Fact]
    public void Atom_EntryWithCopies_HasRelatedLinksAndAlsoPublishedByParagraph()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.UsLedCoup.Id);

        XElement[] related = [.. entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "related")];
        Assert.Equal(2, related.Length);
        Assert.Equal("https://www.marxist.com/venezuela-us-led-coup.htm", (string?)related[0].Attribute("href"));
        Assert.Equal("In Defence of Marxism", (string?)related[0].Attribute("title"));
        Assert.Equal("Venezuelanalysis & <Friends>", (string?)related[1].Attribute("title"));

        XElement summary = entry.Element(Atom + "summary")!;
        Assert.Equal("html", (string?)summary.Attribute("type"));
        Assert.StartsWith("<p>Despite a monstrous", summary.Value, StringComparison.Ordinal);
        Assert.EndsWith(
            "<p>Also published by: <a href=\"https://www.marxist.com/venezuela-us-led-coup.htm\">In Defence of Marxism</a>, " +
            "<a href=\"https://venezuelanalysis.com/news/us-led-coup?ref=a&amp;b=c\">Venezuelanalysis &amp; &lt;Friends&gt;</a></p>",
            summary.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_EntryWithoutCopies_HasNoRelatedLinksNorParagraph()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.ElectoralFraud.Id);

        Assert.DoesNotContain(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "related");
        Assert.DoesNotContain("Also published by", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Atom_SummaryAndContent_RoundTripAsHtmlWithCurlyQuotesAndAccents()
    {
        XDocument doc = WriteSample();

        XElement guaido = Entry(doc, SampleTopicFeed.MoroccoGuaido.Id);
        Assert.Equal(SampleTopicFeed.MoroccoGuaido.Summary, guaido.Element(Atom + "summary")!.Value);
        Assert.Equal("Morocco backs Guaid\u00F3\u2019s \u201Cinterim presidency\u201D", guaido.Element(Atom + "title")!.Value);
        Assert.Null(guaido.Element(Atom + "content"));

        XElement coup = Entry(doc, SampleTopicFeed.UsLedCoup.Id);
        Assert.Equal("html", (string?)coup.Element(Atom + "content")!.Attribute("type"));
        Assert.Equal(SampleTopicFeed.UsLedCoup.Content, coup.Element(Atom + "content")!.Value);
    }

    [Fact]
    public void Atom_Dates_AreUtcWithUpdatedFallingBackToPublishedThenFirstSeen()
    {
        XDocument doc = WriteSample();

        XElement coup = Entry(doc, SampleTopicFeed.UsLedCoup.Id);
        Assert.Equal("2024-08-13T14:00:00Z", coup.Element(Atom + "updated")!.Value);
        Assert.Equal("2024-08-12T13:30:00Z", coup.Element(Atom + "published")!.Value);
        XElement fraud = Entry(doc, SampleTopicFeed.ElectoralFraud.Id);
        Assert.Equal("2024-08-05T12:00:00Z", fraud.Element(Atom + "updated")!.Value);
        XElement guaido = Entry(doc, SampleTopicFeed.MoroccoGuaido.Id);
        Assert.Equal("2019-02-01T07:00:00Z", guaido.Element(Atom + "updated")!.Value);
        Assert.Null(guaido.Element(Atom + "published"));
    }

    [Fact]
    public void Atom_Enclosures_AreLinksWithAGuessedTypeAndKnownLength()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.AlanWoodsInterview.Id);

        XElement[] enclosures = [.. entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "enclosure")];
        Assert.Equal(2, enclosures.Length);
        Assert.Equal("https://www.marxist.com/media/alan-woods-telesur.mp3", (string?)enclosures[0].Attribute("href"));
        Assert.Equal("audio/mpeg", (string?)enclosures[0].Attribute("type"));
        Assert.Null(enclosures[0].Attribute("length"));
        Assert.Equal("image/jpeg", (string?)enclosures[1].Attribute("type"));
        Assert.Equal("48213", (string?)enclosures[1].Attribute("length"));
    }

    [Fact]
    public void Atom_Categories_AreOneTermEach()
    {
        XElement entry = Entry(WriteSample(), SampleTopicFeed.UsLedCoup.Id);

        Assert.Equal(["Coups", "Venezuela"], entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")));
    }

    [Fact]
    public void Atom_ForbiddenCharacters_AreDroppedFromEveryField()
    {
        XDocument doc = WriteSample();
        XElement entry = Entry(doc, SampleTopicFeed.HostileArticleId);

        AssertOnlyAllowedCharacters(doc);
        Assert.Equal("Bolivia: A Coup Attempt With Winds From The North", entry.Element(Atom + "title")!.Value);
        Assert.Contains("It was not long before", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.Contains("\U0001F1E7\U0001F1F4", entry.Element(Atom + "content")!.Value, StringComparison.Ordinal);
        Assert.Empty(entry.Elements(Atom + "author")); // "\u0007" alone is no name
        Assert.Equal(["Coups", "Bolivia"], entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")));
    }

    [Fact]
    public void Atom_BlankTitle_FallsBackToTheLink()
    {
        Article untitled = SampleTopicFeed.ElectoralFraud with { Title = " \u0002 " };
        TopicFeed feed = SampleTopicFeed.Build(items: [new(untitled, SampleTopicFeed.PopularResistance, [])]);

        XElement entry = ParseXml(AtomFeedWriter.Write(feed)).Root!.Element(Atom + "entry")!;

        Assert.Equal(untitled.Link.AbsoluteUri, entry.Element(Atom + "title")!.Value);
    }

    [Fact]
    public void Atom_EmptyTopic_IsStillAValidFeedWithItsOwnAuthor()
    {
        XElement feed = ParseXml(AtomFeedWriter.Write(SampleTopicFeed.Build(items: []))).Root!;

        Assert.Empty(feed.Elements(Atom + "entry"));
        Assert.NotNull(feed.Element(Atom + "id"));
        Assert.Equal("Aggregator", feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
    }
}
