using System.Text.RegularExpressions;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>Issue 22, item 4: one escaper for HTML, whichever stage writes it.</summary>
public sealed partial class HtmlEscapeTests
{
    [Fact]
    public void Text_EscapesTheMarkupCharacters_AndKeepsQuotesAndAccentedLetters() =>
        Assert.Equal("Caf\u00e9 &lt;b&gt; &amp; \"quoted\" it's", HtmlEscape.Text("Caf\u00e9 <b> & \"quoted\" it's"));

    [Fact]
    public void AttributeValue_AlsoEscapesTheDoubleQuote() =>
        Assert.Equal("a&quot;b&amp;c", HtmlEscape.AttributeValue("a\"b&c"));

    [Fact]
    public void Text_DropsWhatXmlForbids_SoHtmlInsideAFeedStaysReadable() =>
        Assert.Equal("ab\U0001F600c", HtmlEscape.Text("a\u0001b\uFFFE\U0001F600\uD800c"));

    [Fact]
    public void Text_WithNothingToEscape_IsTheSameInstance()
    {
        var text = "Nothing to escape here";

        Assert.Same(text, HtmlEscape.Text(text));
    }

    [Fact]
    public void NoOtherHtmlEncoderIsUsedInSource()
    {
        var offenders = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "src", "Aggregator"), "*.cs", SearchOption.AllDirectories)
            .Where(path => OtherEncoder().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(TestPaths.RepoRoot, path))
            .ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"HtmlEncoder\.|WebUtility\.HtmlEncode|SecurityElement\.Escape|HttpUtility\.HtmlEncode")]
    private static partial Regex OtherEncoder();
}
