using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The short road for well-formed XML (<see cref="WellFormedFeed"/>) must give exactly what the lenient road gives,
/// and must step aside for anything it cannot read the same way. Results are compared whole, as JSON.
/// </summary>
public class WellFormedPathTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    [Trait("Category", "Slow")]
    public void CorpusFeeds_ReadTheSameOnTheShortRoadAsOnTheLenientOne()
    {
        var files = FeedCorpus.Files();
        var fast = 0;
        foreach (var file in files)
        {
            var body = File.ReadAllBytes(file);
            if (body.Length > 0 && Fast(body) is { } result)
            {
                fast++;
                Assert.True(Json(Lenient(body)) == Json(result), $"{file}: the two roads differ");
            }
        }

        output.WriteLine($"{fast} of {files.Count} corpus files took the short road");
        // The well-formed majority of the corpora must exercise the short road, or this test proves nothing.
        Assert.True(fast > files.Count / 3, $"only {fast} of {files.Count} took the short road");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedCorpusFeeds_ReadTheSameWhicheverRoadTheyTake()
    {
        var seeds = FeedCorpus.Files().Where((_, i) => i % 10 == 0).Select(File.ReadAllBytes).Where(b => b.Length > 0).ToList();
        var random = new Random(20261123);
        var fast = 0;
        for (var n = 0; n < 1500; n++)
        {
            var body = FeedCorpus.Mutate(seeds[random.Next(seeds.Count)], random);
            var contentType = random.Next(3) == 0 ? "text/xml; charset=windows-1251" : null;
            if (body.Length == 0)
            {
                continue;
            }

            fast += Fast(body, contentType) is null ? 0 : 1;
            Assert.True(Json(FeedParser.Parse(body, Base, contentType)) == Json(Lenient(body, contentType)), $"case {n}: the two roads differ");
        }

        output.WriteLine($"{fast} of 1500 mutated feeds took the short road");
        Assert.True(fast > 100, $"only {fast} mutated feeds took the short road");
    }

    [Fact]
    public void WordPressFeed_TakesTheShortRoad()
    {
        var body = Encoding.UTF8.GetBytes(WordPressFeed(200));

        var result = Fast(body);

        Assert.NotNull(result);
        Assert.Equal(200, result.Feed!.Entries.Count);
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Theory]
    [InlineData("<title>caf&eacute;</title>")]
    [InlineData("<link>https://example.org/?a=1&b=2</link>")]
    [InlineData("<enclosure url=\"https://example.org/a.mp3\" type=\"audio/mpeg&nbsp;\" />")]
    [InlineData("<title>A &#0000000065; long reference</title>")]
    [InlineData("<title>Mismatched</titel>")]
    [InlineData("<media:title>No xmlns:media</media:title>")]
    public void ItemTheRepairWouldChange_TakesTheLenientRoad(string itemXml)
    {
        var body = Encoding.UTF8.GetBytes(Rss(itemXml));

        Assert.Null(Fast(body));
        Assert.NotNull(FeedParser.Parse(body, Base).Feed);
    }

    [Theory]
    [InlineData("<title>In a comment</title><!-- &#0000000065; -->")]
    [InlineData("<title>In CDATA</title><description><![CDATA[<p>&#0000000065; and &#x0000000041;</p>]]></description>")]
    public void LongReferenceTheRepairNeverReads_StaysOnTheByteRoad(string itemXml)
    {
        // Only a reference the XML reader decodes can read otherwise than the repair: in a comment or CDATA it is
        // text (or nothing) on every road, so the byte reader keeps the feed, with the lenient road's result.
        var body = Encoding.UTF8.GetBytes(Rss(itemXml));

        var result = Fast(body);

        Assert.NotNull(result);
        Assert.Equal(Json(Lenient(body)), Json(result));
        Assert.Single(result.Feed!.Entries);
    }

    [Fact]
    public void LongReference_LeftToXmlReader_TakesTheLenientRoad()
    {
        // The XmlReader road (here: a windows-1252 body) still looks for it anywhere, and leaves such a feed to the repair.
        var body = BodyDecoder.Windows1252.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + Rss("<title>caf\u00e9 &#0000000065;</title>"));

        Assert.Null(Fast(body));
        Assert.Equal(Json(Lenient(body)), Json(FeedParser.Parse(body, Base)));
    }

    [Fact]
    public void Doctype_TakesTheLenientRoad()
    {
        var body = Encoding.UTF8.GetBytes("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">"
            + Rss("<title>x</title>").Replace("version=\"2.0\"", "version=\"0.91\"", StringComparison.Ordinal));

        Assert.Null(Fast(body));
        Assert.Equal("rss091n", FeedParser.Parse(body, Base).Feed!.Version);
    }

    [Fact]
    public void C1Characters_AreMappedAsTheRepairMapsThem()
    {
        // A windows-1252 en dash as a reference and as a C1 character: both mean "–".
        var body = Encoding.UTF8.GetBytes(Rss("<title>a &#150; b \u0096 c</title><category>x\u0092s</category>"));

        var result = Fast(body);

        Assert.NotNull(result);
        Assert.Equal("a – b – c", result.Feed!.Entries[0].Title);
        Assert.Equal(["x’s"], result.Feed.Entries[0].Categories);
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Fact]
    public void LegacyCharset_IsReadOnTheShortRoad()
    {
        var body = BodyDecoder.Windows1252.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + Rss("<title>“Coups” – café</title>"));

        var result = Fast(body);

        Assert.NotNull(result);
        Assert.Equal("“Coups” – café", result.Feed!.Entries[0].Title);
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("mixed")]
    public void CharsetTheShortRoadDoesNotStream_TakesTheLenientRoad(string kind)
    {
        var parts = Rss("<title>Guaidó, café |</title>").Split('|');
        byte[] body = kind == "utf-16"
            ? [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(string.Concat(parts))]
            // UTF-8 with one pasted windows-1252 byte: decoded byte by byte, which only the lenient road does.
            : [.. Encoding.UTF8.GetBytes(parts[0]), 0x93, .. Encoding.UTF8.GetBytes(parts[1])];

        Assert.Null(Fast(body));
        Assert.StartsWith("Guaidó, café", FeedParser.Parse(body, Base).Feed!.Entries[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondByteOrderMark_IsTextOnBothRoads()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Rss("<title>x</title>"))];

        Assert.Equal(Json(Lenient(body)), Json(FeedParser.Parse(body, Base)));
    }

    [Fact]
    public void DeclaredCharsetThatDoesNotFit_KeepsItsWarningOnTheShortRoad()
    {
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>" + Rss("<title>Guaidó</title>"));

        var result = Fast(body);

        Assert.NotNull(result);
        Assert.Contains(result.Feed!.Warnings, w => w.Contains("bytes are UTF-8", StringComparison.Ordinal));
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Fact]
    public void ChannelLinkAfterTheItems_StillResolvesTheirLinks()
    {
        // Items are mapped as they are read, with the channel link seen so far; one that comes later must still count.
        var body = Encoding.UTF8.GetBytes("""
            <rss version="2.0"><channel><title>Late link</title>
            <item><title>One</title><link>/2026/one/</link></item>
            <link>https://site.example/</link></channel></rss>
            """);

        var result = Fast(body);

        Assert.Equal(new Uri("https://site.example/2026/one/"), result!.Feed!.Entries[0].Link);
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Fact]
    public void FeedAuthorAfterTheEntries_IsStillInherited()
    {
        var body = Encoding.UTF8.GetBytes("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Late author</title>
            <entry><id>urn:1</id><title>One</title></entry>
            <author><name>Jo Bloggs</name></author></feed>
            """);

        var result = Fast(body);

        Assert.Equal("Jo Bloggs", result!.Feed!.Entries[0].Author);
        Assert.Equal(Json(Lenient(body)), Json(result));
    }

    [Theory]
    [InlineData("<rss><channel><link>https://a.example/</link><item><link>x</link></item></channel><channel><item><link>y</link></item></channel><item><link>z</link></item></rss>")]
    [InlineData("<rss><channel><link>https://a.example/</link></channel><item><link>z</link></item></rss>")]
    [InlineData("<rss><item><link>z</link></item><channel><link>https://a.example/</link><Item><link>x</link></Item></channel></rss>")]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item rdf:about=\"https://a.example/1\"><title>1</title></item><channel rdf:about=\"https://a.example/\"><link>https://b.example/</link></channel></rdf:RDF>")]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel><link>https://b.example/</link><item><link>n</link></item></channel></rdf:RDF>")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"e\"/></entry><link rel=\"alternate\" href=\"https://a.example/\"/><link rel=\"alternate\" type=\"text/html\" href=\"https://b.example/\"/></feed>")]
    public void EntriesWhereverAFeedPutsThem_ReadTheSameOnBothRoads(string xml)
    {
        var body = Encoding.UTF8.GetBytes(xml);

        Assert.NotNull(Fast(body));
        Assert.Equal(Json(Lenient(body)), Json(Fast(body)!));
    }

    private static ParseResult? Fast(byte[] body, string? contentType = null)
    {
        var charset = BodyDecoder.Choose(body, contentType);
        return WellFormedFeed.TryParse(body, charset, Base, FeedLimits.MaxEntries) is { } fast ? FeedParser.Finish(fast, body, charset, FeedLimits.MaxEntries) : null;
    }

    // Finished as FeedParser finishes either road's feed (losses counted, double-encoded text repaired).
    private static ParseResult Lenient(byte[] body, string? contentType = null)
    {
        var charset = BodyDecoder.Choose(body, contentType);
        return FeedParser.Finish(FeedParser.ParseLenient(body, charset, Base, FeedLimits.MaxEntries), body, charset, FeedLimits.MaxEntries);
    }

    private static string Json(ParseResult result) => JsonSerializer.Serialize(result);

    private static string Rss(string itemXml) => $"""
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Coups</title>
        <link>https://example.org/</link><item>{itemXml}</item></channel></rss>
        """;

    private static string WordPressFeed(int items)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
            	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
            <channel><title>Popular Resistance</title><atom:link href="https://example.org/feed/" rel="self" type="application/rss+xml" />
            <link>https://example.org/</link><description>News &amp; analysis</description><sy:updatePeriod>hourly</sy:updatePeriod>

            """);
        for (var i = 0; i < items; i++)
        {
            var published = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero).AddHours(-i);
            xml.Append(CultureInfo.InvariantCulture, $"""
                <item><title>Coup attempt number {i} &#8211; a report</title><link>https://example.org/2026/11/coup-{i}/</link>
                <dc:creator><![CDATA[Jane Doe]]></dc:creator><pubDate>{published:R}</pubDate>
                <category><![CDATA[Coups]]></category><category><![CDATA[Latin America]]></category>
                <guid isPermaLink="false">https://example.org/?p={i}</guid>
                <description><![CDATA[The summary of report {i} [&#8230;]]]></description>
                <content:encoded><![CDATA[<p>Report {i}, with <strong>emphasis</strong>.</p>
                <figure><img src="/wp-content/uploads/photo-{i}.jpg" alt="" /></figure>
                ]]></content:encoded></item>

                """);
        }

        return xml.Append("</channel></rss>").ToString();
    }
}
