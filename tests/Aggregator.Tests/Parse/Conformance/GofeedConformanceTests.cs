using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>gofeed's detector cases (parser/universal) and its one must-fail input; the pairs are scored by <see cref="GofeedConformance"/>.</summary>
public class GofeedConformanceTests
{
    private static string Root => GofeedConformance.Root;

    [Fact]
    public void GofeedUniversalDetection_MatchesExpectedTypesAndTitles()
    {
        var dir = Path.Combine(Root, "parser", "universal");
        foreach (var line in File.ReadLines(Path.Combine(dir, "EXPECTED.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            var result = FeedParser.Parse(File.ReadAllBytes(Path.Combine(dir, cols[0])), GofeedConformance.Base);
            if (cols[3] == "true")
            {
                Assert.True(result.Feed is null, $"{cols[0]} should not be a feed");
                continue;
            }

            Assert.True(result.Feed is not null, $"{cols[0]}: {result.Error}");
            var type = result.Feed!.Format switch
            {
                Aggregator.Model.FeedFormat.Atom => "atom",
                Aggregator.Model.FeedFormat.JsonFeed => "json",
                _ => "rss",
            };
            Assert.Equal(cols[1], type);
            Assert.Equal(cols[2], result.Feed.Title);
        }
    }

    [Fact]
    public void GofeedInvalidJson_IsAFailure()
    {
        var result = FeedParser.Parse(File.ReadAllBytes(Path.Combine(Root, "parser", "json", "invalid", "invalid.json")), GofeedConformance.Base);

        Assert.Null(result.Feed);
        Assert.StartsWith("parse: ", result.Error, StringComparison.Ordinal);
    }
}
