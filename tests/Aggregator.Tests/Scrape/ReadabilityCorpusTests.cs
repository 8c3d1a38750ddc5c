using Aggregator.Model;
using Aggregator.Scrape;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// Real-world pages from Mozilla Readability's test corpus (read in place from shared/corpora): article pages,
/// not listings, in every shape the web produces. The scraper must answer each one with a value.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReadabilityCorpusTests
{
    private static readonly DateTimeOffset FetchedAt = new(2024, 8, 10, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(TestPaths.Corpora, "readability");
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "source.html")))
            {
                data.Add(Path.GetFileName(folder));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Corpus_Page_ScrapesToAValueWithoutInternalErrors(string name)
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.Corpora, "readability", name, "source.html"));
        var pageUrl = new Uri($"https://{name}.example.com/articles/page.html");

        foreach (var rules in new[] { null, new ScrapeRules("li", Title: "a"), new ScrapeRules("article", Link: "a@href", Image: "img@src") })
        {
            var result = ListingScraper.Scrape(html, pageUrl, rules, FetchedAt);

            Assert.True(result.Entries.Count > 0 || result.Error is not null, "no entries and no reason");
            Assert.DoesNotContain("internal error", result.Error ?? string.Empty, StringComparison.Ordinal);
            Assert.All(result.Entries, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Title));
                Assert.True(e.Link!.Scheme is "http" or "https");
                Assert.Null(e.Id);
            });
        }
    }
}
