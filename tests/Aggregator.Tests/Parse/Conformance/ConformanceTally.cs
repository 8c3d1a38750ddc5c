using System.Globalization;
using System.Text;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>Pass / fail / unsupported counts per group, printed as a table.</summary>
public sealed class ConformanceTally
{
    private readonly SortedDictionary<string, int[]> _groups = new(StringComparer.Ordinal);

    public List<string> Failures { get; } = [];

    public void Add(string group, bool? passed, string? failure = null)
    {
        if (!_groups.TryGetValue(group, out var counts))
        {
            _groups[group] = counts = new int[3];
        }

        counts[passed switch { true => 0, false => 1, null => 2 }]++;
        if (passed == false && failure is not null)
        {
            Failures.Add(failure);
        }
    }

    public int Passed => _groups.Values.Sum(c => c[0]);

    public int Failed => _groups.Values.Sum(c => c[1]);

    public int Unsupported => _groups.Values.Sum(c => c[2]);

    /// <summary>Passed over passed+failed (unsupported fields are not counted).</summary>
    public double PassRate => Passed + Failed == 0 ? 1 : (double)Passed / (Passed + Failed);

    /// <summary>The pass rate over groups not starting with <paramref name="prefix"/>.</summary>
    public double PassRateExcept(string prefix)
    {
        var kept = _groups.Where(g => !g.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(g => g.Value).ToList();
        int passed = kept.Sum(c => c[0]), failed = kept.Sum(c => c[1]);
        return passed + failed == 0 ? 1 : (double)passed / (passed + failed);
    }

    public string Report(string title)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{title}: {Passed} passed, {Failed} failed, {Unsupported} unsupported ({PassRate:P1} of supported; {PassRateExcept("later-stage:"):P1} without later-stage checks)");
        foreach (var (group, c) in _groups)
        {
            var rate = c[0] + c[1] == 0 ? 1 : (double)c[0] / (c[0] + c[1]);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {group,-40} {c[0],5} pass {c[1],5} fail {c[2],5} unsupported  {rate,7:P1}");
        }

        return sb.ToString();
    }
}
