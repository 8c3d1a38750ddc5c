using System.Text;
using Aggregator.Parse;
using Aggregator.Parse.Xml;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>
/// An ill-formed document costs the failed fast read and the lenient road's read, never a third: a fault the byte
/// reader finds is one XmlReader would stop at as well (issue 22, item 5). Counted with <see cref="DocumentReads"/>.
/// </summary>
public class IllFormedReadsTests
{
    private static readonly Uri Base = new("https://example.org/feed/");

    private static string Rss(string item, string prolog = "", string rootAttributes = "") =>
        $"""
        {prolog}<rss version="2.0"{rootAttributes}><channel><title>Desk</title><link>https://example.org/</link>
        <item><title>First</title><link>https://example.org/1</link>{item}</item>
        <item><title>Second</title><link>https://example.org/2</link></item>
        </channel></rss>
        """;

    public static TheoryData<string, string> IllFormed => new()
    {
        { "end tag that closes nothing open", Rss("<description>one<br>two</description>") },
        { "undeclared entity", Rss("<description>one&nbsp;two</description>") },
        { "bare ampersand", Rss("<description>Tom & Jerry</description>") },
        { "less-than that starts no tag", Rss("<description>I <3 feeds</description>") },
        { "undeclared prefix", Rss("<dc:creator>Ann</dc:creator>") },
        { "less-than in an attribute", Rss("<enclosure url=\"https://example.org/a<b.mp3\" type=\"audio/mpeg\" />") },
        { "duplicate attribute", Rss("<guid isPermaLink=\"false\" isPermaLink=\"true\">g1</guid>") },
        { "unquoted attribute", Rss("<guid isPermaLink=false>g1</guid>") },
        { "control character", Rss("<description>one\u000Btwo</description>") },
        { "DOCTYPE with an entity", Rss("<description>one&dash;two</description>", "<!DOCTYPE rss [<!ENTITY dash \"-\">]>\n") },
        { "truncated", Rss("")[..^"</channel></rss>".Length] },
    };

    [Theory]
    [MemberData(nameof(IllFormed))]
    public void IllFormedDocument_IsReadTwiceAtMost_AndStillGivesItsEntries(string fault, string xml)
    {
        var (result, reads) = ParseCounting(xml);

        Assert.True(result.Feed is { Entries.Count: >= 1 }, $"{fault}: {result.Error}");
        Assert.True(reads <= 2, $"{fault}: read {reads} times");
    }

    [Fact]
    public void WellFormedDocument_IsReadOnce()
    {
        var (result, reads) = ParseCounting(Rss("<description>one &amp; two</description>"));

        Assert.Equal(2, result.Feed?.Entries.Count);
        Assert.Equal(1, reads);
    }

    // A C1 control is XML, outside the byte reader's subset: XmlReader still gets its turn and reads the feed.
    [Fact]
    public void WellFormedDocumentOutsideTheByteReadersSubset_IsStillReadByXmlReader()
    {
        var xml = Rss("<description>one\u0085two</description>");
        Assert.Null(FeedXmlReader.TryReadWellFormedUtf8(Encoding.UTF8.GetBytes(xml), 0, checkedUtf8: false, 50, null, out var illFormed));
        Assert.False(illFormed);

        var (result, reads) = ParseCounting(xml);

        Assert.Equal(2, result.Feed?.Entries.Count);
        Assert.Equal(2, reads);
    }

    private static (Aggregator.Model.ParseResult Result, int Reads) ParseCounting(string xml)
    {
        var body = Encoding.UTF8.GetBytes(xml);
        var before = DocumentReads.OnThisThread;
        var result = FeedParser.Parse(body, Base, "application/rss+xml");
        return (result, DocumentReads.OnThisThread - before);
    }
}
