using System.Globalization;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// The checked-in floors (testdata/parse/conformance-floors.tsv): per corpus and category, the number of
/// checks that passed when the floor was last raised. A run that passes fewer fails; raising a floor is a
/// hand edit, made when the report shows a figure above it.
/// </summary>
public sealed class ConformanceFloors
{
    private readonly Dictionary<(string Corpus, string Category), int> _floors = [];

    public static string FilePath => Path.Combine(TestPaths.TestData("parse"), "conformance-floors.tsv");

    public static ConformanceFloors Load()
    {
        var floors = new ConformanceFloors();
        if (!File.Exists(FilePath))
        {
            return floors;
        }

        foreach (var line in File.ReadLines(FilePath))
        {
            var cols = line.Split('\t');
            if (line.StartsWith('#') || cols.Length < 3 || !int.TryParse(cols[2], NumberStyles.None, CultureInfo.InvariantCulture, out var passed))
            {
                continue;
            }

            floors._floors[(cols[0], cols[1])] = passed;
        }

        return floors;
    }

    public int? For(string corpus, string category) => _floors.TryGetValue((corpus, category), out var floor) ? floor : null;

    /// <summary>Every floor the tallies fall below, as "corpus category: passed < floor".</summary>
    public List<string> Breaches(IEnumerable<ConformanceTally> tallies)
    {
        var measured = tallies.SelectMany(t => t.Groups.Select(g => ((t.Corpus, g.Group), g.Passed))).ToDictionary(x => x.Item1, x => x.Passed);
        return _floors
            .Where(f => measured.GetValueOrDefault(f.Key) < f.Value)
            .Select(f => $"{f.Key.Corpus} {f.Key.Category}: {measured.GetValueOrDefault(f.Key)} passed, floor {f.Value}")
            .ToList();
    }
}
