using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>Plain text is made for every article's summary and content, for topics and the search index (issue 23).</summary>
public class HtmlTextAllocationTests
{
    [Fact]
    public void PlainTextOfAnArticle_AllocatesItsResult_NotABufferTheSizeOfTheHtml()
    {
        var html = "<p>" + string.Concat(Enumerable.Range(0, 400).Select(i => $"Paragraph {i} of the story and its words. ")) + "</p>";
        var expected = HtmlText.ToPlainText(html, TextLayout.Blocks);
        _ = HtmlText.ToPlainText(html, TextLayout.Blocks);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = HtmlText.ToPlainText(html, TextLayout.Blocks);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, text);
        // The result is about two bytes per character; a fresh builder per scan added two bytes per character of the HTML.
        Assert.True(allocated < (2L * text.Length) + html.Length, $"{allocated} bytes for {text.Length} characters of text from {html.Length} of HTML");
    }

    [Fact]
    public void PlainTextOfMarkup_AllocatesNoStringPerTag()
    {
        // What the sanitizer hands on: paragraphs of emphasis and links, a tag every few words.
        var html = string.Concat(Enumerable.Range(0, 100).Select(i =>
            $"<p>Paragraph {i} has <b>bold</b>, <EM>loud</EM> and <a href=\"https://example.org/{i}\" rel=\"noopener\">linked</a> words.</p>"));
        var expected = HtmlText.ToPlainText(html, TextLayout.Blocks);
        _ = HtmlText.ToPlainText(html, TextLayout.Blocks);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = HtmlText.ToPlainText(html, TextLayout.Blocks);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, text);
        Assert.StartsWith("Paragraph 0 has bold, loud and linked words.\nParagraph 1 ", text, StringComparison.Ordinal);
        // 800 tags: a name cut out of the HTML and lower-cased for each was two strings a tag, some 40 KB here.
        Assert.True(allocated < (2L * text.Length) + 1_024, $"{allocated} bytes for {text.Length} characters of text from 800 tags");
    }
}
