using System.Xml.Linq;
using Aggregator.Model;
using Aggregator.Publish.Opml;
using Xunit;
using static Aggregator.Tests.Publish.FeedDocuments;

namespace Aggregator.Tests.Publish;

public sealed class OpmlWriterTests
{
    private static readonly OutletRef[] Outlets =
    [
        SampleTopicFeed.PopularResistance,
        SampleTopicFeed.Marxist,
        SampleTopicFeed.Analysis,
        new("blank-name", "\u0003 ", new Uri("https://example.org/feed.xml")),
    ];

    private static XDocument Write() =>
        ParseXml(OpmlWriter.Write("Aggregator outlets\u0000", Outlets, new DateTimeOffset(2026, 11, 23, 7, 20, 1, TimeSpan.FromHours(1))));

    [Fact]
    public void Opml_Head_HasTitleAndRfc822DateCreatedInUtc()
    {
        XElement root = Write().Root!;

        Assert.Equal("opml", root.Name.LocalName);
        Assert.Equal("2.0", (string?)root.Attribute("version"));
        XElement head = root.Element("head")!;
        Assert.Equal("Aggregator outlets", head.Element("title")!.Value);
        Assert.Equal("Mon, 23 Nov 2026 06:20:01 +0000", head.Element("dateCreated")!.Value);
        Assert.True(Rfc822.TryParse(head.Element("dateCreated")!.Value, out _));
    }

    [Fact]
    public void Opml_Body_HasOneRssOutlinePerOutletWithTextTitleAndUrls()
    {
        XElement[] outlines = [.. Write().Root!.Element("body")!.Elements("outline")];

        Assert.Equal(4, outlines.Length);
        Assert.All(outlines, o => Assert.Equal("rss", (string?)o.Attribute("type")));
        Assert.All(outlines, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Attribute("text"))));
        Assert.Equal("Popular Resistance", (string?)outlines[0].Attribute("text"));
        Assert.Equal("Popular Resistance", (string?)outlines[0].Attribute("title"));
        Assert.Equal("https://popularresistance.org/category/coups/feed/", (string?)outlines[0].Attribute("xmlUrl"));
        Assert.Equal("https://popularresistance.org/", (string?)outlines[0].Attribute("htmlUrl"));
        Assert.Equal("Venezuelanalysis & <Friends>", (string?)outlines[2].Attribute("text"));
        Assert.Null(outlines[2].Attribute("htmlUrl"));
        Assert.Equal("blank-name", (string?)outlines[3].Attribute("text"));
    }

    [Fact]
    public void Opml_NoOutlets_IsStillAWellFormedDocument()
    {
        XDocument doc = ParseXml(OpmlWriter.Write("Empty", [], DateTimeOffset.UnixEpoch));

        Assert.Empty(doc.Root!.Element("body")!.Elements());
        Assert.Equal("Thu, 01 Jan 1970 00:00:00 +0000", doc.Root.Element("head")!.Element("dateCreated")!.Value);
    }
}
