using Aggregator.FullText;
using Xunit;

namespace Aggregator.Tests.FullText;

/// <summary>Blocks an outlet repeats on its article pages are left out once enough of its other pages have them.</summary>
public sealed class OutletFurnitureTests
{
    private const string Box = "Our morning letter brings the day's reporting to you before breakfast, free of charge.";

    private static readonly string[] Topics = ["harbour", "school", "railway", "library", "market", "bridge", "clinic", "theatre"];

    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth"];

    /// <summary>A made-up word per number: the memory reads "story 3" and "story 11" alike, as it should "5 hours ago".</summary>
    private static string Name(int n)
    {
        const string consonants = "bdfgklmnprstvz";
        const string vowels = "aeiou";
        var name = "";
        do
        {
            name += $"{consonants[n % consonants.Length]}{vowels[n / consonants.Length % vowels.Length]}";
            n /= consonants.Length * vowels.Length;
        }
        while (n > 0);
        return name;
    }

    private static Uri Url(int page) => new($"https://news.example.org/2026/story-{page}.html");

    /// <summary>A page of the outlet: six paragraphs of its own about one topic, and the outlet's box among them.</summary>
    private static string Page(int page, string box = Box)
    {
        var topic = Topics[page % Topics.Length];
        var paragraphs = string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"<p>Story {Name(page)} on the {topic}, {Ordinals[i - 1]} paragraph: the council met on the {topic} question again after {Name(page + i * 1000)} weeks, and residents said what they wanted changed.</p>"));
        return $"""
            <html><head><title>The {topic} story, part {page}</title></head><body>
            <div class="post"><h1>The {topic} story, part {page}</h1>{paragraphs}<p>{box}</p><p>Story {Name(page)} ends with its own last line about the {topic} and the people who use it every day.</p></div>
            </body></html>
            """;
    }

    [Fact]
    public void BlockOnTwoOtherPages_IsLeftOut_NotBefore()
    {
        var furniture = new OutletFurniture();

        var first = ArticleExtractor.Extract(Page(1), Url(1), furniture);
        var second = ArticleExtractor.Extract(Page(2), Url(2), furniture);
        var third = ArticleExtractor.Extract(Page(3), Url(3), furniture);

        // One earlier page sharing a block is not enough: it could be a quotation two stories share.
        Assert.Contains(Box, first.TextContent, StringComparison.Ordinal);
        Assert.Contains(Box, second.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Box, third.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, third.RepeatedBlocksRemoved);
        Assert.Contains($"Story {Name(3)} on the library, first paragraph", third.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Story {Name(3)} ends with its own last line", third.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedSubheading_OverTextOfItsOwn_AndNumbersAlone_Stay()
    {
        var furniture = new OutletFurniture();
        string Page(int page) => OutletFurnitureTests.Page(page,
            $"{Box}</p><h2>Background</h2><p>Story {Name(page)} gives its own background: the {Topics[page % Topics.Length]} was built long ago by the town.</p><ol><li>{page}</li><li>{page + 1}</li></ol><p>{Box}");
        ArticleExtractor.Extract(Page(1), Url(1), furniture);
        ArticleExtractor.Extract(Page(2), Url(2), furniture);

        var text = ArticleExtractor.Extract(Page(3), Url(3), furniture).TextContent;

        Assert.DoesNotContain(Box, text, StringComparison.Ordinal);
        Assert.Contains("Background", text, StringComparison.Ordinal);
        Assert.Contains($"Story {Name(3)} gives its own background", text, StringComparison.Ordinal);
        Assert.Contains("4", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockDifferingOnlyInNumbers_IsTheSameFurniture()
    {
        var furniture = new OutletFurniture();
        for (var page = 1; page <= 2; page++)
        {
            ArticleExtractor.Extract(Page(page, $"Updated {page * 3} hours ago, 1{page}:05 local time."), Url(page), furniture);
        }

        var text = ArticleExtractor.Extract(Page(3, "Updated 25 hours ago, 09:40 local time."), Url(3), furniture).TextContent;

        Assert.DoesNotContain("hours ago", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SamePageFetchedAgain_DoesNotCountAsItsOwnRepetition()
    {
        var furniture = new OutletFurniture();
        ArticleExtractor.Extract(Page(1), Url(1), furniture);
        ArticleExtractor.Extract(Page(2), Url(2), furniture);
        ArticleExtractor.Extract(Page(2), Url(2), furniture);

        var again = ArticleExtractor.Extract(Page(2), Url(2), furniture);

        // Page 2's own paragraphs have been seen three times, all on page 2: no other page has them.
        Assert.Contains($"Story {Name(2)} on the railway, first paragraph", again.TextContent, StringComparison.Ordinal);
        Assert.Contains(Box, again.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, furniture.Pages);
    }

    [Fact]
    public void OutletRepeatingWholeArticles_KeepsTheirText()
    {
        var furniture = new OutletFurniture();
        // The same story under three addresses (a syndicated piece, print and web versions): most of the text repeats.
        for (var copy = 1; copy <= 2; copy++)
        {
            ArticleExtractor.Extract(Page(5), Url(100 + copy), furniture);
        }

        var third = ArticleExtractor.Extract(Page(5), Url(103), furniture);

        Assert.Equal(0, third.RepeatedBlocksRemoved);
        Assert.Contains($"Story {Name(5)} on the bridge, sixth paragraph", third.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_KeepsTheLatestPagesOnly()
    {
        var furniture = new OutletFurniture();
        for (var page = 1; page <= OutletFurniture.PagesRemembered + 10; page++)
        {
            ArticleExtractor.Extract(Page(page), Url(page), furniture);
        }

        Assert.Equal(OutletFurniture.PagesRemembered, furniture.Pages);
        // A block the template stopped printing is forgotten with the pages that had it.
        var changed = new OutletFurniture();
        ArticleExtractor.Extract(Page(1, "A box the template printed on two pages only, then dropped for good."), Url(1), changed);
        ArticleExtractor.Extract(Page(2, "A box the template printed on two pages only, then dropped for good."), Url(2), changed);
        for (var page = 3; page <= OutletFurniture.PagesRemembered + 2; page++)
        {
            ArticleExtractor.Extract(Page(page), Url(page), changed);
        }

        var back = ArticleExtractor.Extract(Page(999, "A box the template printed on two pages only, then dropped for good."), Url(999), changed).TextContent;
        Assert.Contains("printed on two pages only", back, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutMemory_NothingIsLeftOut()
    {
        for (var page = 1; page <= 3; page++)
        {
            Assert.Contains(Box, ArticleExtractor.Extract(Page(page), Url(page)).TextContent, StringComparison.Ordinal);
        }
    }
}
