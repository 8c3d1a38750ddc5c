using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// What one parse figure's timed passes say beside its wall-clock ratio (<see cref="ParsePass"/>): the medians of the
/// timing thread's processor time on each side and their ratio (on a busy machine the thread waits for a core most of
/// the wall time, and this ratio is then the steadier one), the collections per pass on each side by the oldest
/// generation reached, the bytes per pass, and the share of the wall time spent waiting. `parse` prints it; `--quick`
/// and the full run print it and record it in latest-details.json, so the lead's quiet runs carry it (issue 23).
/// </summary>
internal sealed record ParseFigure(double OursCpuMs, double TheirsCpuMs, double[] OursCollections, double[] TheirsCollections,
    double OursBytes, double TheirsBytes, double WaitedShare)
{
    /// <summary>Scan ÷ parse by processor time: above 1, ours spent less.</summary>
    public double CpuRatio => TheirsCpuMs / OursCpuMs;

    public static ParseFigure Of(IReadOnlyList<ParsePass> passes, string figure)
    {
        var ours = passes.Where(p => p.Figure == figure && p.Side == "ours").ToList();
        var theirs = passes.Where(p => p.Figure == figure && p.Side == "theirs").ToList();
        var all = passes.Where(p => p.Figure == figure).ToList();
        return new ParseFigure(
            Percentiles.Of(ours.Select(p => p.CpuSeconds), 50) * 1000,
            Percentiles.Of(theirs.Select(p => p.CpuSeconds), 50) * 1000,
            Collections(ours),
            Collections(theirs),
            ours.Average(p => (double)p.Bytes),
            theirs.Average(p => (double)p.Bytes),
            all.Sum(p => p.WaitSeconds) / all.Sum(p => p.Seconds));
    }

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"  processor time (median): ours {OursCpuMs:F1} ms, theirs {TheirsCpuMs:F1} ms, ratio {CpuRatio:F3}; collections per pass {Format(OursCollections)} · {Format(TheirsCollections)} (gen0+gen1+gen2); waited for a core {WaitedShare:P0} of the time");

    /// <summary>The same figures for latest-details.json.</summary>
    public Dictionary<string, object?> Details => new()
    {
        ["cpu_ms_ours"] = LoadReport.Round(OursCpuMs, 3),
        ["cpu_ms_scan"] = LoadReport.Round(TheirsCpuMs, 3),
        ["cpu_ratio"] = LoadReport.Round(CpuRatio, 3),
        ["collections_per_pass_ours"] = OursCollections.Select(c => LoadReport.Round(c, 2)).ToArray(),
        ["collections_per_pass_scan"] = TheirsCollections.Select(c => LoadReport.Round(c, 2)).ToArray(),
        ["bytes_per_pass_ours"] = LoadReport.Round(OursBytes, 0),
        ["bytes_per_pass_scan"] = LoadReport.Round(TheirsBytes, 0),
        ["waited_share"] = LoadReport.Round(WaitedShare, 3),
    };

    // Each pass counts a collection once, by the oldest generation it reached.
    private static double[] Collections(List<ParsePass> side) =>
        [side.Average(p => p.Gen0), side.Average(p => p.Gen1), side.Average(p => p.Gen2)];

    private static string Format(double[] collections) => string.Create(CultureInfo.InvariantCulture,
        $"{collections[0]:F1}+{collections[1]:F1}+{collections[2]:F1}");
}
