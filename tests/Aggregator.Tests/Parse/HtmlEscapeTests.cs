using System.Text;
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

    /// <summary>
    /// The escaper copies runs of text at once (issue 23); here it is held to the rule written one character at a time,
    /// over random text dense in what it must change: markup characters, controls, lone and paired surrogates, U+FFFE.
    /// </summary>
    [Fact]
    public void TextAndAttributeValue_AgreeWithTheRuleAppliedOneCharacterAtATime()
    {
        char[] alphabet = ['a', 'Z', ' ', '\u00e9', '\u4e2d', '&', '<', '>', '"', '\'', '\t', '\n', '\r', '\0', '\u0001', '\u001F',
            '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uFFFD', '\uFFFE', '\uFFFF', '\uE000'];
        var random = new Random(23);
        var changed = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Assert.Equal(OneAtATime(text, escapeQuote: false), HtmlEscape.Text(text));
            Assert.Equal(OneAtATime(text, escapeQuote: true), HtmlEscape.AttributeValue(text));
            Assert.Equal("x" + OneAtATime(text, escapeQuote: false), new StringBuilder("x").AppendText(text.AsSpan()).ToString());
            changed += HtmlEscape.Text(text) == text ? 0 : 1;
        }

        // Most generated texts hold something to change, or the comparison shows little.
        Assert.True(changed > 4_000, $"only {changed} texts changed");
    }

    // XML 1.0's Char production (a surrogate only in a pair), then the markup characters escaped.
    private static string OneAtATime(string text, bool escapeQuote)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (c is '\t' or '\n' or '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD))
            {
                sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' when escapeQuote => "&quot;", _ => c.ToString() });
            }
        }

        return sb.ToString();
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
