using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>The lede printed under the title, outside the container of paragraphs, belongs to the article.</summary>
public sealed class LedeTests
{
    private static readonly Uri PageUrl = new("https://news.example.org/world/2024/story.html");

    private const string Title = "Harbour town votes to rebuild the old sea wall";

    private static string Paragraphs(int count) => string.Concat(Enumerable.Range(1, count).Select(i =>
        $"<p>Paragraph {i} of the story tells readers what happened, where it happened, and why it matters to them today.</p>"));

    private static string Page(string head, string header) => $"""
        <html><head><title>{Title}</title>{head}</head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <div class="story-top">{header}</div>
        <div class="story-body">{Paragraphs(6)}</div>
        <div class="more"><h3>More stories</h3><p><a href="/a">Teaser of another story that is not this one, with words and more words</a></p></div>
        </body></html>
        """;

    [Fact]
    public void LedeRepeatingTheDescription_IsKeptAboveTheBody()
    {
        const string lede = "After two winters of flooding, the council chose the costlier stone design over a steel barrier.";
        var html = Page($"""<meta name="description" content="{lede}">""", $"<h1>{Title}</h1><span>5 min read</span><p class=\"dek\">{lede}</p>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("After two winters of flooding", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("After two winters", StringComparison.Ordinal) < text.IndexOf("Paragraph 1 of", StringComparison.Ordinal), "lede after the body");
        Assert.DoesNotContain("Teaser of another story", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LedeUnderTheTitle_IsKeptWithoutADescription()
    {
        var html = Page(string.Empty, $"<h1>{Title}</h1><p>By Ann Example</p><h2>Residents split over cost as the council picks the stone design, which will take three years to build and close the promenade.</h2>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("Residents split over cost", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Residents split over cost"));
    }

    [Fact]
    public void LedeAsBulletPoints_MatchingTheOpenGraphDescription_IsKept()
    {
        // The JSON-LD description is worded differently; the Open Graph one is what the page prints.
        const string points = "Two winters of flooding pushed the council to act. The stone design costs more than steel. Work starts in May.";
        var head = $$"""
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"{{Title}}","description":"The council has decided on the future of the harbour defences after a long debate."}</script>
            <meta property="og:description" content="{{points}}">
            """;
        var html = Page(head, $"<h1>{Title}</h1><span>5 min read</span><ul><li>Two winters of flooding pushed the council to act.</li><li>The stone design costs more than steel.</li><li>Work starts in May.</li></ul>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("The stone design costs more than steel.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The council has decided", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkUnderTheTitle_IsNotALede()
    {
        var html = Page(string.Empty, $"<h1>{Title}</h1><span>5 min read</span><p><a href=\"/other\">Read the other story about the ferry strike that closed the harbour for a week last spring</a></p>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.DoesNotContain("ferry strike", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 6 of", text, StringComparison.Ordinal);
    }

    /// <summary>Worded like the teasers of ../shared/samples: a standfirst of the kind news outlets print under the title.</summary>
    private const string Standfirst = "Two former leaders of major South Asian countries have accused the United States of covert operations to topple their governments.";

    /// <summary>
    /// The title and lede above a row of columns, the paragraphs in one of them: the container chosen is that column,
    /// so the lede is outside it and not among its siblings.
    /// </summary>
    private static string ColumnPage(string header) => $"""
        <html><head><title>{Title}</title></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <div class="story">{header}<div class="columns"><div class="story-body">{Paragraphs(6)}</div>
        <div class="side"><h3>Contact</h3><p><a href="/tips">Send us a tip</a></p></div></div></div>
        </body></html>
        """;

    [Fact]
    public void LedeInAnIntroBoxUnderTheTitle_IsKept()
    {
        // The box holding one paragraph becomes that paragraph while pruning; the lede is looked for in the page as it is then.
        var html = ColumnPage($"<h1>{Title}</h1><div class=\"intro\"><p>{Standfirst}</p></div>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        AssertLedeBeforeTheBody(text);
    }

    [Fact]
    public void LedeAfterAPrunedBylineUnderTheTitle_IsKept()
    {
        var html = ColumnPage($"<h1>{Title}</h1><div class=\"byline\">By Ann Example</div><p>{Standfirst}</p>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.Contains("covert operations to topple their governments.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann Example", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LedeInABoxBesideTheTitlesBox_IsKept()
    {
        // The title is the last child of its own box: the standfirst is in the next box, wrapped twice.
        var html = ColumnPage($"<div class=\"top\"><div class=\"titlebox\"><h1>{Title}</h1></div><div class=\"chapo\"><div><p>{Standfirst}</p></div><p>Photo: Ann Example</p></div></div>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        AssertLedeBeforeTheBody(text);
    }

    [Fact]
    public void LedeInAHeaderPrunedAsFurniture_IsKeptWithoutTheHeadersByline()
    {
        var html = ColumnPage($"<header class=\"entry-header\"><h1>{Title}</h1><div class=\"meta\"><span>Ann Example</span> <time>12 May 2024</time></div><div class=\"entry-excerpt\"><p>{Standfirst}</p></div><div class=\"sharebar\"><a href=\"/share\">Share this story on every network you know</a></div></header>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        AssertLedeBeforeTheBody(text);
        Assert.DoesNotContain("Ann Example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this story", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortLineInAHeaderPrunedAsFurniture_IsNotALede()
    {
        var html = ColumnPage($"<header class=\"entry-header\"><h1>{Title}</h1><p>By Ann Example, harbour correspondent, 12 May 2024</p></header>");

        var text = ArticleExtractor.Extract(html, PageUrl).TextContent;

        Assert.DoesNotContain("Ann Example", text, StringComparison.Ordinal);
        Assert.Contains("Paragraph 1 of", text, StringComparison.Ordinal);
    }

    /// <summary>The standfirst is in the text, whole, and comes before the body's first paragraph.</summary>
    private static void AssertLedeBeforeTheBody(string text)
    {
        Assert.Contains("covert operations to topple their governments.", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Two former leaders", StringComparison.Ordinal) < text.IndexOf("Paragraph 1 of", StringComparison.Ordinal), "lede after the body");
    }
}
