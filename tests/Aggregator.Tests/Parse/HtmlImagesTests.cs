using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The first picture of an HTML body: its src read by hand exactly as the pattern it replaced read it, without the
/// allocations of a regex match for every entry.
/// </summary>
public partial class HtmlImagesTests
{
    private static readonly Uri Base = new("https://example.org/2026/11/post/");

    [Theory]
    [InlineData("<img src=\"/a.jpg\">", "https://example.org/a.jpg")]
    [InlineData("<IMG SRC = 'b.png' alt=x>", "https://example.org/2026/11/post/b.png")]
    [InlineData("<img data-src=\"lazy.jpg\" src=\"real.jpg\">", "https://example.org/2026/11/post/real.jpg")]
    [InlineData("<img alt=\"no source\"><img src=https://cdn.example/c.webp>", "https://cdn.example/c.webp")]
    [InlineData("<img\nsrc=\"/d.jpg?w=1&amp;h=2\">", "https://example.org/d.jpg?w=1&h=2")]
    [InlineData("<img src=\"\"><img src=\"/second.jpg\">", null)]
    [InlineData("<img srcset=\"/e.jpg 1x\">", null)]
    [InlineData("<img \u017Frc=\"/long-s.jpg\">", null)]
    [InlineData("<img src=\"/never-closed.jpg\"", null)]
    public void First_IsTheFirstImgSrc(string html, string? expected)
    {
        Assert.Equal(expected, HtmlImages.First(html, Base)?.AbsoluteUri);
    }

    /// <summary>Every tag, hand-written or random, gives the value the pattern gave (or none where it found none).</summary>
    [Fact]
    public void Src_ReadsEveryTagAsThePatternDid()
    {
        string[] written =
        [
            "<img src=\"a\"", "<img src='a'", "<img src=a b", "<img  SrC\t=\n\"x y\"", "<img src=\"a", "<img src='a\"", "<img src=", "<img src= ",
            "<img src", "<imgsrc=a", "<img xsrc=a src=b", "<img src=''", "<img src=\"\"", "<img\u00A0src=a", "<img\u2028src=a", "<img src=\u3000a",
            "<img alt=\"src=no\" src=yes", "<img alt='x' src=\"'q'\"", "<img src=\"a\"b", "<img src==a",
        ];
        foreach (var tag in written)
        {
            Assert.True(Pattern(tag) == HtmlImages.Src(tag), $"{tag}: pattern {Pattern(tag) ?? "(none)"}, reader {HtmlImages.Src(tag) ?? "(none)"}");
        }

        var random = new Random(20261205);
        const string Alphabet = " \t\n\u00A0=\"'srcSRCx/a.\u017F";
        for (var n = 0; n < 20_000; n++)
        {
            var tag = new StringBuilder("<img");
            for (var i = random.Next(24); i > 0; i--)
            {
                tag.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            var text = tag.ToString();
            Assert.True(Pattern(text) == HtmlImages.Src(text), $"case {n} {text}: pattern {Pattern(text) ?? "(none)"}, reader {HtmlImages.Src(text) ?? "(none)"}");
        }
    }

    /// <summary>
    /// Reading a body's picture costs its answer (the src text and the URI) and nothing per tag: a regex match
    /// allocated its Match and groups for every entry of every poll.
    /// </summary>
    [Fact]
    public void First_AllocatesLittleMoreThanItsAnswer()
    {
        var html = "<p>Text</p>\n<figure class=\"wp-block-image\"><img loading=\"lazy\" width=\"1024\" src=\"/wp-content/uploads/photo.jpg\" alt=\"\"/></figure>";
        HtmlImages.First(html, Base);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            HtmlImages.First(html, Base);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        var answer = HtmlImages.First(html, Base)!;
        // The src string and the resolved URI with its text; the URI's own parts are a few hundred bytes more (about 300 here, where a regex match added about 400).
        var budget = 2 * ("/wp-content/uploads/photo.jpg".Length + answer.OriginalString.Length) + 400;
        Assert.True(perCall <= budget, $"{perCall} bytes per call, budget {budget}");
    }

    private static string? Pattern(string tag) => SrcPattern().Match(tag) is { Success: true } m ? m.Groups["src"].Value : null;

    // The pattern HtmlImages used before it read tags by hand.
    [GeneratedRegex("""\ssrc\s*=\s*(?:"(?<src>[^"]*)"|'(?<src>[^']*)'|(?<src>[^\s>]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SrcPattern();
}
