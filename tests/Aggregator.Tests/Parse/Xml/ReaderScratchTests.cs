using System.Text;
using Aggregator.Parse;
using Aggregator.Parse.Xml;
using Xunit;

namespace Aggregator.Tests.Parse.Xml;

/// <summary>
/// The byte reader's working tables are kept on the thread from one document to the next (issue 23, h54e): what they
/// held says where things were in the last document's bytes, so the next document must find them empty.
/// </summary>
public class ReaderScratchTests
{
    [Fact]
    public void Return_GivesTheThreadTheSameTablesEmptied()
    {
        var first = ReaderScratch.Rent();
        first.Open.Push((10, 5));
        first.Attributes.Add(("rel", "alternate"));
        first.RecentValues[3] = (40, 9, "alternate");
        first.RecentTexts[7] = (80, 5, "Apple");
        first.Chars = new char[2048];
        first.Return();

        var second = ReaderScratch.Rent();
        try
        {
            Assert.Same(first, second);
            Assert.Empty(second.Open);
            Assert.Empty(second.Attributes);
            Assert.All(second.RecentValues, slot => Assert.Null(slot.Value));
            Assert.All(second.RecentTexts, slot => Assert.Null(slot.Value));
            Assert.Equal(2048, second.Chars.Length);
        }
        finally
        {
            second.Return();
        }
    }

    [Fact]
    public void Rent_WhileTheThreadsOneIsLent_GivesAnotherOne()
    {
        var outer = ReaderScratch.Rent();
        var inner = ReaderScratch.Rent();
        inner.Return();
        outer.Return();

        Assert.NotSame(outer, inner);
    }

    [Fact]
    public void Return_DropsABufferGrownForOneLongText()
    {
        var scratch = ReaderScratch.Rent();
        scratch.DirectChars = new char[1024 * 1024];
        scratch.Return();

        var again = ReaderScratch.Rent();
        again.Return();

        Assert.Same(scratch, again);
        Assert.Empty(again.DirectChars);
    }

    /// <summary>
    /// Two feeds alike to the byte but for one category of the same length, first and last letter (so the same slot
    /// of the recent texts): a slot left from the first would match the second's bytes at its own place and hand back
    /// the first feed's string.
    /// </summary>
    [Fact]
    public void Parse_OfTheNextFeed_ReadsItsOwnRepeatedTexts()
    {
        var baseUri = new Uri("https://outlet.example/feed/");

        var first = FeedParser.Parse(Feed("Apple"), baseUri, "application/rss+xml").Feed!;
        var second = FeedParser.Parse(Feed("Angle"), baseUri, "application/rss+xml").Feed!;

        Assert.Equal(new[] { "Apple", "News" }, first.Entries[0].Categories);
        Assert.Equal(new[] { "Angle", "News" }, second.Entries[0].Categories);
        Assert.Equal(new[] { "Angle", "News" }, second.Entries[1].Categories);
    }

    private static byte[] Feed(string category) => Encoding.UTF8.GetBytes($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Outlet</title><link>https://outlet.example/</link>
        <item><title>One</title><link>https://outlet.example/one</link><category>{category}</category><category>News</category><description>First.</description></item>
        <item><title>Two</title><link>https://outlet.example/two</link><category>{category}</category><category>News</category><description>Second.</description></item>
        </channel></rss>
        """);
}
