using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>
/// The story's text that goes on after the container's own wrapper, in the next block up, joins it; the walk ends at
/// the first block that is not prose (a comment form, a link list), so what follows that block stays out.
/// </summary>
public sealed class ContainerContinuationTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/region/2025/harbour.html");

    private static string Paragraphs(string name, int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<p>{name} paragraph {i} says what the council decided, when the work starts, and why the harbour needs it now, before the winter storms reach the old quay again.</p>"));

    private static string Page(string after) => $"""
        <html><head><title>Harbour town votes to rebuild the old sea wall</title></head><body>
        <div class="layout"><div class="post"><div class="post-inner">{Paragraphs("Main", 7)}</div>
        <div class="tools"><a href="/print">Print</a></div></div>
        {after}
        </div></body></html>
        """;

    [Fact]
    public void ProseAfterThePostsWrapper_JoinsTheStory()
    {
        var html = Page($"""<div class="box">{Paragraphs("Closing", 1)}</div>""");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Main paragraph 7 says", text, StringComparison.Ordinal);
        Assert.Contains("Closing paragraph 1 says", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Main paragraph 7", StringComparison.Ordinal) < text.IndexOf("Closing paragraph 1", StringComparison.Ordinal), "continuation out of page order");
    }

    [Fact]
    public void ProseBelowAForm_StaysOut()
    {
        var html = Page($"""
            <div class="box"><form action="/reply"><label>Your reply <textarea name="r"></textarea></label><button>Send</button></form></div>
            <div class="box">{Paragraphs("Reader", 1)}</div>
            """);

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Main paragraph 7 says", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Reader paragraph 1 says", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ProseBelowALinkList_StaysOut()
    {
        var html = Page($"""
            <div class="box"><a href="/a">Ferry timetable changes for the winter</a> <a href="/b">New school opens on the hill</a> <a href="/c">Market moves to the square</a></div>
            <div class="box">{Paragraphs("Teaser", 1)}</div>
            """);

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Main paragraph 7 says", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Teaser paragraph 1 says", text, StringComparison.Ordinal);
    }
}
