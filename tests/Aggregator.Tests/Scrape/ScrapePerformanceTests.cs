using System.Text;
using Aggregator.Scrape;
using Xunit.Abstractions;

namespace Aggregator.Tests.Scrape;

public sealed class ScrapePerformanceTests(ITestOutputHelper output)
{
    private static readonly Uri PageUrl = new("https://popularresistance.org/category/coups/");

    // Detection must stay linear in the page: twice the posts may cost about twice the work, never four times. Work is
    // bytes allocated on this thread (the least of three, since shared pools can only add to it), which, unlike time,
    // does not depend on the machine's load; the speed itself is the benchmarks' to show.
    [Fact]
    [Trait("Category", "Slow")]
    public void Detection_OnA200KilobytePage_WorkGrowsLinearly()
    {
        var html = LargeCategoryPage(copies: 3);
        var doubled = LargeCategoryPage(copies: 6);
        Assert.InRange(html.Length, 150_000, 250_000);

        var (once, result) = LeastAllocated(html);
        var (twice, doubledResult) = LeastAllocated(doubled);

        output.WriteLine($"{html.Length / 1024} KB page: {once:N0} bytes to parse and detect; {doubled.Length / 1024} KB page: {twice:N0} bytes");
        Assert.Equal(45, result.Entries.Count);
        Assert.Equal(90, doubledResult.Entries.Count);
        Assert.True(twice < 3 * once, $"{once:N0} bytes for 45 posts, {twice:N0} bytes for 90");
    }

    private static (long Allocated, ScrapeResult Result) LeastAllocated(string html)
    {
        var least = long.MaxValue;
        ScrapeResult? result = null;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            result = ListingScraper.Scrape(html, PageUrl, null, ScrapeFixtures.FetchedAt);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return (least, result!);
    }

    // The Popular Resistance page with its fifteen posts printed `copies` times under distinct links and titles
    // (without the appeal, which would no longer be a repeat once its text is numbered).
    private static string LargeCategoryPage(int copies)
    {
        var page = ScrapeFixtures.Page("popular-resistance-coups.html");
        var start = page.IndexOf("<article", StringComparison.Ordinal);
        var end = page.LastIndexOf("</article>", StringComparison.Ordinal) + "</article>".Length;
        var posts = page[start..end];
        var appealStart = posts.IndexOf("<article id=\"post-30950\"", StringComparison.Ordinal);
        var appealEnd = posts.IndexOf("</article>", appealStart, StringComparison.Ordinal) + "</article>".Length;
        posts = posts[..appealStart] + posts[appealEnd..];
        var builder = new StringBuilder(page[..start]);
        for (var copy = 0; copy < copies; copy++)
        {
            builder.Append(posts
                .Replace("popularresistance.org/", $"popularresistance.org/copy{copy}/", StringComparison.Ordinal)
                .Replace("</a></h2>", $" ({copy})</a></h2>", StringComparison.Ordinal)
                .Replace("</p>", $" [{copy}]</p>", StringComparison.Ordinal));
        }

        return builder.Append(page[end..]).ToString();
    }
}
