using System.Net;
using System.Text;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Normalize;

/// <summary>
/// Dedup's fingerprints are made from <see cref="TagStripper"/>'s text and stored, so a faster stripper must give the same
/// text, character for character, as the one that made them (kept below as <see cref="Reference"/>): over every page of the
/// Readability and trafilatura corpora, every text field of the feed corpora (as written and as the sanitizer leaves it,
/// which is what dedup reads), and generated hostile markup.
/// </summary>
public class TagStripperDifferentialTests
{
    private static readonly Uri Base = new("https://example.org/news/");

    [Theory]
    [InlineData("readability", 100)]
    [InlineData("trafilatura-eval", 500)]
    public void EveryPageOfTheCorpus_StripsAsBefore(string corpus, int atLeast)
    {
        var folder = Path.Combine(TestPaths.Corpora, corpus);
        var compared = 0;
        var differences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.htm*", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(file);
            compared++;
            if (Compare(html) is { } difference)
            {
                differences.Add($"{Path.GetRelativePath(folder, file)}: {difference}");
            }
        }

        Assert.Empty(differences);
        Assert.True(compared >= atLeast, $"only {compared} pages in {folder}");
    }

    [Theory]
    [InlineData("feedparser", 1_000)]
    [InlineData("miniflux", 100)]
    [InlineData("gofeed", 200)]
    public void EveryFieldOfTheFeedCorpus_StripsAsBefore_AsWrittenAndSanitized(string corpus, int atLeast)
    {
        var folder = Path.Combine(TestPaths.Corpora, corpus);
        var compared = 0;
        var differences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (Path.GetExtension(file) is not (".xml" or ".rss" or ".atom" or ".rdf" or ".json"))
            {
                continue;
            }

            foreach (var text in CorpusFeedFields.Of(File.ReadAllBytes(file)))
            {
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }

                foreach (var variant in new[] { text, HtmlSanitizer.Sanitize(text, Base) })
                {
                    compared++;
                    if (Compare(variant) is { } difference)
                    {
                        differences.Add($"{Path.GetRelativePath(folder, file)}: {difference}");
                    }
                }
            }
        }

        Assert.Empty(differences);
        Assert.True(compared >= atLeast, $"only {compared} fields in {folder}");
    }

    [Fact]
    public void GeneratedHostileMarkup_StripsAsBefore()
    {
        var random = new Random(4523);
        var differences = new List<string>();
        var withSkipped = 0;
        for (var i = 0; i < 50_000 && differences.Count < 10; i++)
        {
            var html = Generate(random);
            if (html.Contains("</s", StringComparison.OrdinalIgnoreCase) || html.Contains("</t", StringComparison.OrdinalIgnoreCase))
            {
                withSkipped++;
            }

            if (Compare(html) is { } difference)
            {
                differences.Add(difference);
            }
        }

        Assert.Empty(differences);
        // The generator must reach the skipped elements' end search, not only plain tags.
        Assert.True(withSkipped > 5_000, $"only {withSkipped} fragments with an end tag of a skipped element");
    }

    [Theory]
    [InlineData("<P>a</P><SCRIPT>x<p>y</SCRIPT>b", "\na\n\nb")]
    [InlineData("<Figcaption>Photo</FIGCAPTION>text", "\ntext")]
    [InlineData("a<br/>b<Br>c<thead>d", "a\nb\nc d")]
    [InlineData("<blockquote1>x</blockquote>", " x\n")]
    [InlineData("</script>after<style>never closed", " after\n")]
    public void TagNames_AreReadWithoutRegardToCase(string html, string expected)
    {
        Assert.Equal(expected, TagStripper.ToPlainText(html));
        Assert.Equal(Reference.ToPlainText(html), TagStripper.ToPlainText(html));
    }

    private static string? Compare(string html)
    {
        var expected = Reference.ToPlainText(html);
        var actual = TagStripper.ToPlainText(html);
        if (expected == actual)
        {
            return null;
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        return $"differs at {at}: before {Show(expected, at)}, now {Show(actual, at)}";
    }

    private static string Show(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(80, text.Length - Math.Max(0, at - 40))).Replace("\n", "\\n", StringComparison.Ordinal);

    private static readonly string[] Names =
    [
        "p", "P", "br", "BR", "div", "Div", "script", "SCRIPT", "Script", "style", "STYLE", "noscript", "NoScript", "figcaption",
        "FigCaption", "template", "TEMPLATE", "a", "b", "em", "span", "li", "ul", "h2", "H2", "table", "td", "img", "scripts",
        "styles", "blockquote", "BLOCKQUOTE", "blockquote2", "h7", "x", "", "section", "aside", "pre", "hr", "dd", "dt",
    ];

    private static readonly string[] Texts =
    [
        "text", " ", "\n", "a < b", "&amp;", "&lt;p&gt;", "&#8217;", "&nbsp;", "&bogus;", "<", ">", "<!-- c -->", "<!--", "-->",
        "é", "\u00A0", "’", "<!doctype html>", "< p>", "<1>", "&", "x>y",
    ];

    private static string Generate(Random random)
    {
        var sb = new StringBuilder();
        var parts = 1 + random.Next(14);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    sb.Append('<').Append(random.Next(4) == 0 ? "/" : "").Append(Names[random.Next(Names.Length)]);
                    if (random.Next(3) == 0)
                    {
                        sb.Append(" class=\"x\"");
                    }

                    if (random.Next(12) != 0)
                    {
                        sb.Append(random.Next(5) == 0 ? "/>" : ">");
                    }

                    break;
                case 2:
                    sb.Append("</").Append(Names[random.Next(Names.Length)]).Append('>');
                    break;
                default:
                    sb.Append(Texts[random.Next(Texts.Length)]);
                    break;
            }
        }

        return sb.ToString();
    }


    /// <summary>The stripper as it was when the stored fingerprints were made (a lower-cased string per tag read).</summary>
    private static class Reference
    {
        private static readonly string[] SkippedElements = ["script", "style", "noscript", "figcaption", "template"];

        private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "th",
            "table", "section", "article", "header", "footer", "figure", "hr", "pre", "dd", "dt", "aside",
        };

        public static string ToPlainText(string? html)
        {
            if (string.IsNullOrEmpty(html))
            {
                return string.Empty;
            }

            if (html.IndexOfAny(['<', '&']) < 0)
            {
                return html;
            }

            var text = new StringBuilder(html.Length);
            var i = 0;
            while (i < html.Length)
            {
                var c = html[i];
                if (c != '<')
                {
                    var next = html.IndexOf('<', i);
                    if (next < 0)
                    {
                        next = html.Length;
                    }

                    text.Append(html, i, next - i);
                    i = next;
                    continue;
                }

                if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                {
                    var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                    i = end < 0 ? html.Length : end + 3;
                    continue;
                }

                var close = html.IndexOf('>', i + 1);
                if (close < 0)
                {
                    text.Append(html, i, html.Length - i);
                    break;
                }

                if (!IsTagStart(html, i + 1))
                {
                    text.Append(c);
                    i++;
                    continue;
                }

                var name = TagName(html, i + 1);
                if (Array.IndexOf(SkippedElements, name) >= 0 && html[i + 1] != '/')
                {
                    var end = html.IndexOf("</" + name, close, StringComparison.OrdinalIgnoreCase);
                    var endClose = end < 0 ? -1 : html.IndexOf('>', end);
                    i = endClose < 0 ? html.Length : endClose + 1;
                    text.Append('\n');
                    continue;
                }

                text.Append(BlockElements.Contains(name) ? '\n' : ' ');
                i = close + 1;
            }

            return WebUtility.HtmlDecode(text.ToString());
        }

        private static bool IsTagStart(string html, int at) =>
            at < html.Length && (char.IsAsciiLetter(html[at]) || html[at] == '/' || html[at] == '!');

        private static string TagName(string html, int at)
        {
            if (at < html.Length && html[at] == '/')
            {
                at++;
            }

            var start = at;
            while (at < html.Length && char.IsAsciiLetterOrDigit(html[at]))
            {
                at++;
            }

            return html[start..at].ToLowerInvariant();
        }
    }
}
