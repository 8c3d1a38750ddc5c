using System.Net;
using System.Text.RegularExpressions;
using Aggregator.Model;

namespace Aggregator.Tests.Scrape;

/// <summary>Fixture pages, the sample text they were built from, and checks every listing test shares.</summary>
internal static partial class ScrapeFixtures
{
    /// <summary>The moment the fixture pages count as fetched; relative dates ("2 days ago") count back from it.</summary>
    public static readonly DateTimeOffset FetchedAt = new(2024, 8, 10, 12, 0, 0, TimeSpan.Zero);

    public static string Page(string name) => File.ReadAllText(Path.Combine(TestPaths.TestData("scrape"), name));

    /// <summary>The paragraphs of a sample dump, trimmed, in order.</summary>
    public static IReadOnlyList<string> SampleParagraphs(string prefix)
    {
        var file = Directory.GetFiles(TestPaths.Samples, prefix + "_*.txt").Single();
        return BlankLines().Split(File.ReadAllText(file)).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    /// <summary>A summary as a reader would read it: tags dropped, entities decoded, whitespace collapsed.</summary>
    public static string PlainText(string? html) =>
        html is null ? string.Empty : Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    /// <summary>Nothing a reader would call page furniture came out as an entry.</summary>
    public static void AssertNoFurniture(IReadOnlyList<FeedEntry> entries)
    {
        foreach (var entry in entries)
        {
            Assert.DoesNotContain("Skip to content", entry.Title, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Fundraising", entry.Title, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/tag/", entry.Link!.AbsolutePath, StringComparison.Ordinal);
            Assert.DoesNotContain("/category/", entry.Link.AbsolutePath, StringComparison.Ordinal);
            Assert.DoesNotContain("/page/", entry.Link.AbsolutePath, StringComparison.Ordinal);
            Assert.DoesNotContain("share=", entry.Link.Query, StringComparison.Ordinal);
            Assert.DoesNotContain("start=", entry.Link.Query, StringComparison.Ordinal);
            Assert.True(string.IsNullOrEmpty(entry.Link.Fragment), $"fragment link {entry.Link}");
            Assert.Null(entry.Id);
        }
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
