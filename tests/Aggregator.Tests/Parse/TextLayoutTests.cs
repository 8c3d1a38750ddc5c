using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public sealed partial class TextLayoutTests
{
    [Fact]
    public void Layouts_AreChosenByTheCaller_InlineOnOneLine_BlocksOnePerLine()
    {
        const string html = "<section>a</section><section>b</section>";

        Assert.Equal("ab", HtmlText.ToPlainText(html, TextLayout.Inline));
        Assert.Equal("a\nb", HtmlText.ToPlainText(html, TextLayout.Blocks));
    }

    [Fact]
    public void Inline_GivesTheStoredBytesOfBefore_OnEveryCorpusTitleAndSummary()
    {
        var values = CorpusTextValues().ToList();
        var differing = values.Where(v => HtmlText.ToPlainText(v, TextLayout.Inline) != LegacyInlineText.ToPlainText(v)).Take(5).ToList();

        Assert.True(values.Count > 1000, $"only {values.Count} corpus values were read");
        Assert.True(differing.Count == 0, "inline text changed for: " + string.Join(" | ", differing));
    }

    [Fact]
    public void Inline_GivesTheStoredBytesOfBefore_OnGeneratedHostileMarkup()
    {
        string[] pieces =
        [
            "<", ">", "</", "/>", "&", ";", "#", "x", "#x", "&amp;", "&lt;", "&#8217;", "&#x93;", "&#0;", "&nbsp;", "&notit",
            "&copy", "p", "div", "br", "script", "style", "section", "!--", "-->", "\"", "'", "=", " ", "\n", "\t", "\u00A0", "a",
            "Coup", "<b>", "</p>", "<![CDATA[", "]]>", "<?x?>", "title='a > b'", "\uD83D\uDE00", "\uD800",
        ];
        var random = new Random(2022);
        var differing = new List<string>();
        for (var n = 0; n < 20_000 && differing.Count < 5; n++)
        {
            var sb = new StringBuilder();
            for (var k = random.Next(1, 24); k > 0; k--)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
            var html = sb.ToString();
            if (HtmlText.ToPlainText(html, TextLayout.Inline) != LegacyInlineText.ToPlainText(html))
            {
                differing.Add(html);
            }
        }

        Assert.True(differing.Count == 0, "inline text changed for: " + string.Join(" | ", differing.Select(d => d.ReplaceLineEndings("\\n"))));
    }

    // The raw values of title, summary, description and content elements in the feed corpora, markup and
    // references as the publisher wrote them (CDATA unwrapped), read in place.
    private static IEnumerable<string> CorpusTextValues()
    {
        foreach (var corpus in new[] { "feedparser", "gofeed", "miniflux" })
        {
            var root = Path.Combine(TestPaths.Corpora, corpus);
            foreach (var path in Directory.EnumerateFiles(root, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                foreach (Match m in TextElement().Matches(File.ReadAllText(path)))
                {
                    var value = m.Groups[2].Value;
                    yield return value.StartsWith("<![CDATA[", StringComparison.Ordinal) && value.EndsWith("]]>", StringComparison.Ordinal) ? value[9..^3] : value;
                }
            }
        }
    }

    [GeneratedRegex(@"<((?:\w+:)?(?:title|summary|description|content|subtitle|tagline|name))\b[^>]*>(.*?)</\1>", RegexOptions.Singleline)]
    private static partial Regex TextElement();
}
