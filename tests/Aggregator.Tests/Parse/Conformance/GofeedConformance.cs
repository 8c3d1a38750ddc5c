using System.Text.Json;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// gofeed's corpus: X.xml → X.json (or X.json → X_expected.json) pairs, compared through <see cref="GofeedView"/>
/// for the fields our model has (titles, links, ids, dates, authors, categories, content, enclosures).
/// </summary>
public static class GofeedConformance
{
    public static readonly Uri Base = new("http://example.org/feed");

    public static string Root => Path.Combine(TestPaths.Corpora, "gofeed");

    public static ConformanceTally Run()
    {
        var tally = new ConformanceTally("gofeed");
        foreach (var line in File.ReadLines(Path.Combine(Root, "INDEX.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            if (cols.Length < 4 || cols[1].Length == 0 || !File.Exists(Path.Combine(Root, cols[1])))
            {
                continue;
            }

            var suite = cols[2];
            var universal = !suite.StartsWith("parser/", StringComparison.Ordinal);
            var result = FeedParser.Parse(File.ReadAllBytes(Path.Combine(Root, cols[0])), Base);
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, cols[1])));
            GofeedView.Compare(expected.RootElement, result.Feed, universal, cols[0], suite, tally);
        }

        return tally;
    }
}
