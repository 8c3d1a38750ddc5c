using System.Globalization;

namespace Aggregator.ParseGc;

/// <summary>Medians over the passes of one side and size, printed one line each.</summary>
internal static class Report
{
    public static void Side(List<PassRecord> passes, int block)
    {
        var feeds = passes[0].Feeds;
        var blocks = Enumerable.Range(0, passes[0].BlockUs.Length)
            .Select(b => Median(passes.Select(p => p.BlockUs[b] / Math.Min(block, feeds - (b * block)))).ToString("F0", CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{feeds,4} {passes[0].Side}: {Median(passes.Select(p => p.Times.Us)) / feeds:F1} µs/feed " +
            $"(minor faults {Median(passes.Select(p => (double)p.Times.MinorFaults)) / feeds:F1}), pause {Median(passes.Select(p => p.PauseMs)):F2} ms; " +
            $"per pass gen0 {passes.Average(p => p.Count(0)):F1} gen1 {passes.Average(p => p.Count(1)):F1} gen2 {passes.Average(p => p.Count(2)):F1} " +
            $"(missed {passes.Sum(p => p.Missed)}), promoted {passes.Average(p => p.Promoted) / 1024:F0} KB, allocated {passes.Average(p => p.Bytes) / 1024 / 1024:F1} MB; " +
            $"µs/feed by block of {block}: {string.Join(" ", blocks)}"));
    }

    public static void AfterFeed(List<PassRecord> passes)
    {
        var promoted = passes.SelectMany(p => p.AfterFeedPromoted).Select(b => b / 1024.0).ToList();
        if (promoted.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{passes[0].Feeds,4} {passes[0].Side}: a young collection right after a feed that met one promoted median {Median(promoted):F0} KB, " +
                $"mean {promoted.Average():F0} KB, max {promoted.Max():F0} KB ({promoted.Count} feeds)"));
        }
    }

    public static void Ratio(List<PassRecord> ours, List<PassRecord> scans) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ours[0].Feeds,4} ratio scan ÷ ours by processor time {Median(scans.Select(p => p.Times.Us)) / Median(ours.Select(p => p.Times.Us)):F3}"));

    /// <summary>
    /// What a collection costs the feed it lands in: each feed of the set (by its index in the set of
    /// <paramref name="setSize"/>) has a median time over the passes and positions where no collection landed in it;
    /// a feed that met one is measured against that, and the excesses are summed by generation per pass.
    /// </summary>
    public static void CollectionCosts(List<PassRecord> passes, int setSize)
    {
        var quiet = Enumerable.Range(0, setSize).Select(f => passes
            .SelectMany(p => Enumerable.Range(0, p.Feeds).Where(i => i % setSize == f && p.FeedCollection[i] < 0).Select(i => (double)p.FeedNs[i]))
            .DefaultIfEmpty(double.NaN).ToList()).Select(values => Median(values)).ToArray();
        var excess = new[] { new List<double>(), new List<double>(), new List<double>() };
        foreach (var p in passes)
        {
            for (var i = 0; i < p.Feeds; i++)
            {
                if (p.FeedCollection[i] >= 0)
                {
                    excess[p.FeedCollection[i]].Add((p.FeedNs[i] - quiet[i % setSize]) / 1e3);
                }
            }
        }
        if (quiet.Any(double.IsNaN))
        {
            // Some feed of the set was never read without a collection in it (passes no longer than the set): nothing to price it against.
            return;
        }
        var quietPass = Enumerable.Range(0, passes[0].Feeds).Sum(i => quiet[i % setSize]) / 1e3;
        var byGeneration = string.Join(", ", Enumerable.Range(0, 3).Where(g => excess[g].Count > 0)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"gen{g} {Median(excess[g]):F0} ({excess[g].Count})")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{passes[0].Feeds,4} {passes[0].Side}: feeds without a collection {quietPass:F0} µs a pass; a collection's excess over its feed's " +
            $"quiet time, median µs (count): {byGeneration}; excess per pass {excess.Sum(e => e.Sum()) / passes.Count:F0} µs"));
    }

    public static void Collections(List<PassRecord> passes)
    {
        var middle = passes.OrderBy(p => p.Times.CpuNs).ElementAt(passes.Count / 2);
        foreach (var c in middle.Collections)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {middle.Side} feed {c.Feed}: gen{c.Generation}, promoted {c.PromotedBytes / 1024} KB, pause {c.PauseMs:F3} ms, " +
                $"gen0 before {c.Gen0Budget / 1024} KB, gen1 after {c.Gen1After / 1024} KB, gen2 after {c.Gen2After / 1024} KB"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
