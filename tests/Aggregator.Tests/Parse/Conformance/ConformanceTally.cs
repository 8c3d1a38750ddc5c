using System.Globalization;
using System.Text;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>Passed / failed / skipped counts per category of one corpus, with why each skip happened.</summary>
public sealed class ConformanceTally(string corpus)
{
    private readonly SortedDictionary<string, int[]> _groups = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _skipReasons = new(StringComparer.Ordinal);

    public string Corpus { get; } = corpus;

    public List<string> Failures { get; } = [];

    /// <summary>Counts a compared check; <paramref name="failure"/> describes it when it failed.</summary>
    public void Add(string group, bool passed, string? failure = null)
    {
        Counts(group)[passed ? 0 : 1]++;
        if (!passed && failure is not null)
        {
            Failures.Add(failure);
        }
    }

    /// <summary>Counts a check that has no meaning in our model, under the reason it has none.</summary>
    public void Skip(string group, string reason)
    {
        Counts(group)[2]++;
        _skipReasons[reason] = _skipReasons.GetValueOrDefault(reason) + 1;
    }

    private int[] Counts(string group)
    {
        if (!_groups.TryGetValue(group, out var counts))
        {
            _groups[group] = counts = new int[3];
        }

        return counts;
    }

    /// <summary>(category, passed, failed, skipped) in category order.</summary>
    public IEnumerable<(string Group, int Passed, int Failed, int Skipped)> Groups =>
        _groups.Select(g => (g.Key, g.Value[0], g.Value[1], g.Value[2]));

    public IReadOnlyDictionary<string, int> SkipReasons => _skipReasons;

    public int Passed => _groups.Values.Sum(c => c[0]);

    public int Failed => _groups.Values.Sum(c => c[1]);

    public int Skipped => _groups.Values.Sum(c => c[2]);

    /// <summary>Passed over compared (skipped checks are not counted).</summary>
    public double PassRate => Rate(Passed, Failed);

    /// <summary>Passed and compared counts over the categories starting with <paramref name="prefix"/>.</summary>
    public (int Passed, int Compared) Within(string prefix)
    {
        var kept = _groups.Where(g => g.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(g => g.Value).ToList();
        int passed = kept.Sum(c => c[0]), failed = kept.Sum(c => c[1]);
        return (passed, passed + failed);
    }

    public static double Rate(int passed, int failed) => passed + failed == 0 ? 1 : (double)passed / (passed + failed);

    /// <summary>Plain-text lines for the test output: "feedparser wellformed/atom10: 312/318".</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Corpus}: {Passed}/{Passed + Failed} ({PassRate:P1}), {Skipped} skipped");
        foreach (var (group, passed, failed, skipped) in Groups)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{Corpus} {group}: {passed}/{passed + failed}{(skipped > 0 ? $" ({skipped} skipped)" : "")}");
        }

        foreach (var (reason, count) in _skipReasons)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{Corpus} skipped {count}: {reason}");
        }

        return sb.ToString();
    }
}
