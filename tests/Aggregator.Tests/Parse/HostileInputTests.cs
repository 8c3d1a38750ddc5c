using System.Text;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public class HostileInputTests
{
    [Fact]
    public void EmptyBody_IsAFailure() => Assert.Equal("parse: empty body", ParseKit.Result("").Error);

    [Fact]
    public void WhitespaceBody_IsAFailure() => Assert.Equal("parse: empty body", ParseKit.Result(" \r\n\t ").Error);

    [Fact]
    public void ImageBytes_AreNotAFeed()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

        var result = FeedParser.Parse(png, ParseKit.FetchUri);

        Assert.Null(result.Feed);
        Assert.Equal("parse: not a feed (starts with \"\\x89PNG\\x0D\\x0A\\x1A\\x0A\\x00\\x00\\x00\\x0D…\")", result.Error);
    }

    [Fact]
    public void AFeedCompressedOnceMore_IsNamedAsStillCompressed()
    {
        // What a server sends that gzips an already gzipped file and says Content-Encoding: gzip once: Fetch undoes one layer.
        var feed = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>Coups</title></channel></rss>");
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(feed);
        }

        var result = FeedParser.Parse(packed.ToArray(), ParseKit.FetchUri);

        Assert.Null(result.Feed);
        Assert.StartsWith("parse: not a feed: the body is still gzip data, compressed once more than its Content-Encoding says (starts with \"\\x1F\\x8B", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainText_IsNotAFeed() =>
        Assert.StartsWith("parse: not a feed (starts with \"Skip to cont", ParseKit.Result("Skip to content\n\nCoups").Error, StringComparison.Ordinal);

    [Fact]
    public void OtherXml_IsNotAFeed() => Assert.Equal("parse: not a feed (XML root element <note>)", ParseKit.Result("<note><to>x</to></note>").Error);

    [Fact]
    public void XmlBrokenBeforeTheRoot_IsAFailureWithTheReason() =>
        Assert.StartsWith("parse: ill-formed XML (line 1:", ParseKit.Result("<rss version=\"2.0\"").Error, StringComparison.Ordinal);

    [Fact]
    public void TrailingGarbageAfterTheRoot_KeepsTheWholeFeed()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><item><title>a</title></item><item><title>b</title></item></channel></rss>\n<b>Warning</b>: PHP notice");

        Assert.Equal(2, feed.Entries.Count);
        Assert.NotEmpty(feed.Warnings);
    }

    [Fact]
    public void BrokenChannelField_DoesNotCostTheEntries()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><title>Coups</title><description>Daily <b>news</description>"
            + "<item><title>a</title></item><item><title>b</title></item></channel></rss>");

        Assert.Equal("Coups", feed.Title);
        Assert.Equal(["a", "b"], feed.Entries.Select(e => e.Title));
        Assert.NotEmpty(feed.Warnings);
    }

    [Fact]
    public void StrayEndTag_IsDropped_NotRenamed()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><title>Coups</title></p><item><title>a</title></item><item><title>b</title></title></item></channel></rss>");

        Assert.Equal(["a", "b"], feed.Entries.Select(e => e.Title));
    }

    [Fact]
    public void MisspeltEndTag_IsTakenAsTheOpenElementsOwn()
    {
        var feed = ParseKit.Feed("<rss version=\"2.0\"><channel><title>Coups</titel><item><title>a</title></item></channel></rss>");

        Assert.Equal("Coups", feed.Title);
        Assert.Equal("a", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void BillionLaughs_IsNotExpanded()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        sb.Append("]><rss version=\"2.0\"><channel><title>&lol9;</title><item><title>ok</title></item></channel></rss>");
        var xml = sb.ToString().Replace("&lol0;", "&lol;", StringComparison.Ordinal);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var feed = ParseKit.Feed(xml);

        // Full expansion is 3 * 10^9 characters; what the parser may allocate is a small multiple of the document.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated:N0} bytes allocated parsing a {xml.Length:N0}-character document");
        // One level of expansion only: the ten references lol9 names stay as written.
        Assert.Equal(string.Concat(Enumerable.Repeat("&lol8;", 10)), feed.Title);
        Assert.Equal("ok", feed.Entries[0].Title);
    }

    [Fact]
    public void ExternalEntity_IsNeverResolved()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>t</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
            """;

        var entry = ParseKit.Feed(xml).Entries[0];

        Assert.Equal("&xxe;", entry.Title);
        Assert.DoesNotContain("root:", entry.Summary ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void DeepXmlNesting_DoesNotOverflowTheStack()
    {
        var xml = "<rss version=\"2.0\"><channel><item><title>deep</title><description>"
            + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "x" + string.Concat(Enumerable.Repeat("</div>", 100_000))
            + "</description></item></channel></rss>";

        var feed = ParseKit.Feed(xml);

        Assert.Equal("deep", feed.Entries[0].Title);
        Assert.Contains(feed.Warnings, w => w.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void DeepXmlNesting_Unclosed_DoesNotOverflowTheStack()
    {
        var xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x</title></entry>" + string.Concat(Enumerable.Repeat("<a>", 100_000));

        var feed = ParseKit.Feed(xml);

        Assert.Equal("x", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void DeepJsonNesting_IsAFailure()
    {
        var json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[" + new string('[', 100_000) + new string(']', 100_000) + "]}";

        var result = ParseKit.Result(json);

        Assert.Null(result.Feed);
        Assert.StartsWith("parse: invalid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepHtmlNesting_DoesNotOverflowTheStack()
    {
        var html = "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head><body>"
            + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "</body></html>";

        var result = ParseKit.Result(html);

        Assert.Equal([new Uri("https://example.org/feed")], result.DiscoveredFeeds);
    }

    [Fact]
    public void HugeItemCount_IsCappedWithAWarning()
    {
        var sb = new StringBuilder("<rss version=\"2.0\"><channel><title>many</title>");
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append("<item><title>t").Append(i).Append("</title><link>https://example.org/").Append(i).Append("</link></item>");
        }

        sb.Append("</channel></rss>");

        var feed = ParseKit.Feed(sb.ToString());

        Assert.Equal(FeedLimits.MaxEntries, feed.Entries.Count);
        Assert.Equal("t4999", feed.Entries[^1].Title);
        Assert.Contains(feed.Warnings, w => w.Contains("entries", StringComparison.Ordinal));
    }

    [Fact]
    public void HugeJsonItemCount_IsCappedWithAWarning()
    {
        var items = string.Join(",", Enumerable.Range(0, 6000).Select(i => $"{{\"id\":\"{i}\",\"url\":\"https://example.org/{i}\"}}"));

        var feed = ParseKit.Feed("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":[" + items + "]}");

        Assert.Equal(FeedLimits.MaxEntries, feed.Entries.Count);
        Assert.NotEmpty(feed.Warnings);
    }

    [Fact]
    public void TruncatedFeed_KeepsTheEntriesBeforeTheCut_DropsTheCutOne()
    {
        var bytes = File.ReadAllBytes(ParseKit.Fixture("popular-resistance-coups.rss"));
        var text = Encoding.UTF8.GetString(bytes);
        var cut = text[..text.IndexOf("Cyber Warfare", StringComparison.Ordinal)];

        var feed = ParseKit.Feed(cut);

        // The four before the cut; the one the body ended inside is dropped and counted, not stored damaged.
        Assert.Equal(4, feed.Entries.Count);
        Assert.Equal(1, feed.Loss?.CutOff);
        Assert.Equal(0, feed.Loss?.Unreadable);
    }

    [Fact]
    public void MutatedFixtures_NeverThrowOrFailInternally()
    {
        var random = new Random(20240819);
        var fixtures = Directory.GetFiles(TestPaths.TestData("parse")).Select(File.ReadAllBytes).ToList();
        for (var round = 0; round < 400; round++)
        {
            var bytes = (byte[])fixtures[round % fixtures.Count].Clone();
            var mutations = random.Next(1, 20);
            for (var m = 0; m < mutations; m++)
            {
                var at = random.Next(bytes.Length);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)"<>&/\"'[]{}:;"[random.Next(12)],
                    _ => 0,
                };
            }

            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }

            var result = FeedParser.Parse(bytes, ParseKit.FetchUri);

            Assert.False(result.Error?.Contains("internal error", StringComparison.Ordinal) ?? false, result.Error);
        }
    }
}
