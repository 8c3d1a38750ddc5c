using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// A feed whose bytes prove it tell-tale free skips DoubleEncoding's check of every field: the proof must never
/// skip a feed the repair would have changed, on the pinned inputs and on generated feeds that spell the
/// tell-tale every way the parser can decode one.
/// </summary>
public class TellTaleFreeTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    public void EveryPinnedInput_ProvedFree_NeedsNoRepair()
    {
        var wrong = new List<string>();
        var (free, harnessFree, harness, inputs) = (0, 0, 0, 0);
        foreach (var (name, body, contentType) in ParseOutputHashTests.Inputs())
        {
            inputs++;
            var isHarness = name.StartsWith("synthetic/", StringComparison.Ordinal);
            harness += isHarness ? 1 : 0;
            if (Unrepaired(body, contentType, out var holds) is not { } feed || !holds)
            {
                continue;
            }

            free++;
            harnessFree += isHarness ? 1 : 0;
            if (!ReferenceEquals(DoubleEncoding.Repair(feed), feed))
            {
                wrong.Add(name);
            }
        }

        output.WriteLine($"{inputs} inputs, {free} proved tell-tale free; harness feeds {harnessFree} of {harness}");
        Assert.True(wrong.Count == 0, $"{wrong.Count} inputs skipped a repair they needed (first: {string.Join(", ", wrong.Take(10))})");
        Assert.True(free > 100, $"only {free} inputs proved free: the skip should be exercised");
    }

    [Fact]
    public void GeneratedFeeds_ProvedFree_NeedNoRepair_AndEverySpellingOfATellTaleKeepsTheCheck()
    {
        // "Ã©" (the double-encoded "é") written every way a parse can decode it, and texts that cannot hold it.
        string[] tellTales =
        [
            "Ã©", "&Atilde;&copy;", "&#195;&#169;", "&#xC3;&#xA9;", "&#00195;&#169;", "&amp;Atilde;&amp;copy;",
            "&amp;#195;&amp;#169;", "&amp;amp;#xc3;&amp;amp;#xa9;", "&ampAtilde;&copy;", "&#38;Atilde;&#38;copy;",
            "&#x26;#195;&#x26;#169;", "&AMP;Atilde;&AMP;copy;", "&Atilde&copy", "&#195&#169",
            "<![CDATA[&Atilde;&copy;]]>", "<![CDATA[&amp;#195;&amp;#169;]]>",
        ];
        string[] plain =
        [
            "plain words", "&amp;", "Tom &amp; Jerry", "&lt;b&gt;bold&lt;/b&gt;", "&nbsp;", "&#8217;", "&#x2014;",
            "&hellip;", "—", "中文", "&copy;", "&#169;", "&#x80;", "<![CDATA[<p>a &amp; b</p>]]>", "& bare",
            "&eacute;", "é", "&#;", "&#x;",
        ];
        var random = new Random(23);
        var (free, kept, caught) = (0, 0, 0);
        var wrong = new List<string>();
        for (var n = 0; n < 3000; n++)
        {
            string Text() => string.Concat(Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
                (random.Next(6) == 0 ? tellTales[random.Next(tellTales.Length)] : plain[random.Next(plain.Length)]) + " "));
            var atomContent = random.Next(10) == 0
                ? $"<atom:content type=\"application/octet-stream\">{Convert.ToBase64String(Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "Ã© x" : "plain"))}</atom:content>"
                : "";
            var xml = $"""
                <?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
                <title>{Text()}</title><link>https://example.org/</link><description>{Text()}</description>
                <item><title>{Text()}</title><link>https://example.org/a</link><description>{Text()}</description>{atomContent}</item>
                </channel></rss>
                """;
            var body = Encoding.UTF8.GetBytes(xml);
            if (Unrepaired(body, "application/rss+xml", out var holds) is not { } feed)
            {
                continue;
            }

            var needsRepair = !ReferenceEquals(DoubleEncoding.Repair(feed), feed);
            if (holds)
            {
                free++;
                if (needsRepair)
                {
                    wrong.Add(xml);
                }
            }
            else
            {
                kept++;
                caught += needsRepair ? 1 : 0;
            }
        }

        output.WriteLine($"proved free {free}, check kept {kept}, of which {caught} repaired");
        Assert.True(wrong.Count == 0, $"{wrong.Count} feeds skipped a repair they needed; first:\n{wrong.FirstOrDefault()}");
        Assert.True(free > 200 && caught > 300, $"free {free}, repaired {caught}: both should be exercised");
    }

    [Theory]
    [InlineData("<rss><channel><item><title>it&#8217;s &amp; &lt;b&gt;</title></item></channel></rss>", true)]
    [InlineData("<rss><channel><item><title>caf&#233;</title></item></channel></rss>", false)]
    [InlineData("<rss><channel><item><title>Ã©</title></item></channel></rss>", false)]
    [InlineData("<rss><channel><item><title>&amp;#195;&amp;#169;</title></item></channel></rss>", false)]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>plain</title></entry></feed>", false)]
    public void Holds_OnlyWhereTheBytesProveIt(string xml, bool expected)
    {
        var body = Encoding.UTF8.GetBytes(xml);
        Assert.NotNull(Unrepaired(body, null, out var holds));
        Assert.Equal(expected, holds);
    }

    // Either road's feed before FeedParser.Finish (so before any repair), and whether its bytes prove it free.
    private static ParsedFeed? Unrepaired(byte[] body, string? contentType, out bool holds)
    {
        var charset = BodyDecoder.Choose(body, contentType);
        var result = WellFormedFeed.TryParse(body, charset, Base, FeedLimits.MaxEntries)
                     ?? FeedParser.ParseLenient(body, charset, Base, FeedLimits.MaxEntries);
        holds = result.Feed is { } feed && TellTaleFree.Holds(body.AsSpan(charset.Skip), charset, feed.Format);
        return result.Feed;
    }
}
