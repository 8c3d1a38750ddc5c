using Aggregator.Normalize;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Normalize;

/// <summary>
/// Text without markup skips the browser parse (issue 23: the parse was a fifth of the bytes allocated per article);
/// whatever road a text takes, the result must be the one the parse gives.
/// </summary>
public class PlainTextSanitizeTests
{
    private static readonly Uri Base = new("https://example.org/news/");

    [Theory]
    [InlineData("Plain words, nothing else.")]
    [InlineData("  \t\n leading and trailing \n\t ")]
    [InlineData("\u00a0non-breaking at both ends\u00a0")]
    [InlineData("a > b and c >= d")]
    [InlineData("Tom &amp; Jerry &lt;3 &quot;quoted&quot; it&apos;s &gt; that")]
    [InlineData("&amp;lt; stays a literal &lt;")]
    [InlineData("emoji \ud83d\ude00 and CJK 日本語 and RTL עברית")]
    [InlineData("line\u2028separator and \u0085 next-line")]
    [InlineData("\"double\" and 'single' quotes")]
    public void PlainText_TakesTheTextRoad_AndGivesWhatTheParseGives(string text)
    {
        Assert.NotNull(HtmlSanitizer.PlainText(text));
        Assert.Equal(HtmlSanitizer.SanitizeMarkup(text, Base), HtmlSanitizer.Sanitize(text, Base));
    }

    [Theory]
    [InlineData("<p>markup</p>")]
    [InlineData("a &ampx b")]
    [InlineData("&AMP; upper case")]
    [InlineData("&#39;numeric&#x27;")]
    [InlineData("&nbsp;named")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("nul\0byte")]
    [InlineData("form\ffeed")]
    [InlineData("bell\u0007")]
    [InlineData("non-character \uffff")]
    public void TextABrowserWouldRewrite_TakesTheMarkupRoad(string text)
    {
        Assert.Null(HtmlSanitizer.PlainText(text));
        Assert.Equal(HtmlSanitizer.SanitizeMarkup(text, Base), HtmlSanitizer.Sanitize(text, Base));
    }

    [Fact]
    public void LoneSurrogate_TakesTheMarkupRoad()
    {
        // Built here: xUnit's theory data would turn a lone surrogate into U+FFFD before the test saw it.
        var text = "lone " + '\ud800' + " surrogate and a reversed pair " + '\udc00' + '\ud800';
        Assert.Null(HtmlSanitizer.PlainText(text));
        Assert.Equal(HtmlSanitizer.SanitizeMarkup(text, Base), HtmlSanitizer.Sanitize(text, Base));
    }

    [Fact]
    public void EveryFieldOfTheFeedparserCorpus_SanitizesAsTheParseDoes()
    {
        var folder = Path.Combine(TestPaths.Corpora, "feedparser");
        var fields = 0;
        var plain = 0;
        var differences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories))
        {
            var parsed = FeedParser.Parse(File.ReadAllBytes(file), Base);
            foreach (var entry in parsed.Feed?.Entries ?? [])
            {
                foreach (var text in new[] { entry.Title, entry.Summary, entry.Content })
                {
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        continue;
                    }
                    fields++;
                    plain += HtmlSanitizer.PlainText(text) is null ? 0 : 1;
                    var expected = HtmlSanitizer.SanitizeMarkup(text, Base);
                    var actual = HtmlSanitizer.Sanitize(text, Base);
                    if (expected != actual)
                    {
                        differences.Add($"{Path.GetFileName(file)}: {text} -> {actual} (parse: {expected})");
                    }
                }
            }
        }

        Assert.True(fields > 500, $"only {fields} fields read from {folder}");
        Assert.True(plain > fields / 10, $"only {plain} of {fields} fields took the text road");
        Assert.Empty(differences);
    }

    [Fact]
    public void PlainSummary_AllocatesNoDocument()
    {
        const string summary = "Ministers agreed on Tuesday to extend the programme by two years, after a review found it had cut waiting times.";
        _ = HtmlSanitizer.Sanitize(summary, Base);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sanitized = HtmlSanitizer.Sanitize(summary, Base);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(summary, sanitized);
        // The parsed document of this summary was about 20 KB; the text road returns the string itself (a few
        // bytes may still be counted on this thread by the runtime, e.g. tiered compilation's call counting).
        Assert.InRange(allocated, 0, 1024);
    }
}
