using Aggregator.Publish;
using Xunit;

namespace Aggregator.Tests.Publish;

public sealed class HtmlTextTests
{
    [Fact]
    public void HtmlText_ToPlainText_StripsTagsAndDecodesEntities()
    {
        Assert.Equal(
            "Israel & others recognised Guaid\u00F3 as a \"legitimate president\".",
            HtmlText.ToPlainText("<p>Israel &amp; others recognised <a href=\"/x?a=1&amp;b=2\">Guaid&oacute;</a> as a &quot;legitimate president&quot;.</p>"));
    }

    [Fact]
    public void HtmlText_ToPlainText_KeepsInlineTagsInsideWordsAndSeparatesBlocks()
    {
        Assert.Equal("Zúñiga led it. It failed.", HtmlText.ToPlainText("<p>Z<b>ú</b>ñiga led it.</p><p>It failed.</p>"));
        Assert.Equal("one two", HtmlText.ToPlainText("one<br/>two"));
    }

    [Fact]
    public void HtmlText_ToPlainText_DropsCommentsScriptsAndStyles()
    {
        Assert.Equal("before after", HtmlText.ToPlainText("before<!-- a > b --><script>if (a < b) x();</script><style>p{}</style> after"));
    }

    [Fact]
    public void HtmlText_ToPlainText_KeepsEscapedMarkupAsText()
    {
        Assert.Equal("use <b> for bold, 3 < 4", HtmlText.ToPlainText("use &lt;b&gt; for bold, 3 < 4"));
    }

    [Fact]
    public void HtmlText_ToPlainText_IgnoresAngleBracketsInsideQuotedAttributes()
    {
        Assert.Equal("caption text", HtmlText.ToPlainText("<img alt=\"a > b\" src=\"x.jpg\">caption <em>text</em>"));
    }

    [Fact]
    public void HtmlText_ToPlainText_CollapsesWhitespaceIncludingDecodedSpaces()
    {
        Assert.Equal("a b c d", HtmlText.ToPlainText("  a\n\n b&nbsp;&nbsp;c &#10; &#1; d "));
    }

    [Fact]
    public void HtmlText_Truncate_CutsAtAWordAndAddsAnEllipsis()
    {
        string text = "Despite a monstrous internationally-coordinated, and grotesquely false media campaign";

        string cut = HtmlText.Truncate(text, 50);

        Assert.Equal("Despite a monstrous internationally-coordinated\u2026", cut);
        Assert.Same(text, HtmlText.Truncate(text, 500));
    }

    [Fact]
    public void HtmlText_Truncate_NeverSplitsASurrogatePair()
    {
        string flags = string.Concat(Enumerable.Repeat("\U0001F1FB\U0001F1EA", 20));

        string cut = HtmlText.Truncate(flags, 11);

        FeedDocuments.AssertAllowed(cut);
        Assert.EndsWith("\u2026", cut, StringComparison.Ordinal);
    }
}
