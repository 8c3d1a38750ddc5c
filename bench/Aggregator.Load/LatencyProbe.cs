using System.Diagnostics;

namespace Aggregator.Load;

/// <summary>
/// One more keep-alive connection beside wrk's, asking for the same URL back to back and keeping each request's
/// start and end (Stopwatch timestamps): wrk reports only a distribution, and to say which slow requests a
/// collection caught, each needs its own place in time.
/// </summary>
internal static class LatencyProbe
{
    public static async Task<IReadOnlyList<(long Start, long End)>> RunAsync(Uri url, CancellationToken stop)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var requests = new List<(long, long)>();
        while (!stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                response.EnsureSuccessStatusCode();
            }
            catch (HttpRequestException)
            {
                continue;
            }
            requests.Add((start, Stopwatch.GetTimestamp()));
        }
        return requests;
    }

    /// <summary>The probe's requests against the pauses: how many were slower than the limit, and how many of those overlapped a pause.</summary>
    public static Dictionary<string, object?> Attribute(IReadOnlyList<(long Start, long End)> requests, IReadOnlyList<GcPause> pauses, double limitMs)
    {
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var slow = requests.Where(r => Ms(r.End - r.Start) > limitMs).ToList();
        bool Overlaps((long Start, long End) r) => pauses.Any(p => p.Start < r.End && p.End > r.Start);
        var sorted = requests.Select(r => Ms(r.End - r.Start)).Order().ToList();
        double Percentile(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        return new Dictionary<string, object?>
        {
            ["requests"] = requests.Count,
            ["p50_ms"] = LoadReport.Round(Percentile(0.50), 2),
            ["p99_ms"] = LoadReport.Round(Percentile(0.99), 2),
            ["over_limit"] = slow.Count,
            ["over_limit_overlapping_a_pause"] = slow.Count(Overlaps),
            ["overlapping_a_pause"] = requests.Count(Overlaps),
            ["limit_ms"] = limitMs,
        };
    }

    /// <summary>The window's pauses: count and total by generation, the longest, and how many exceeded the limit.</summary>
    public static Dictionary<string, object?> Summarize(IReadOnlyList<GcPause> pauses, double limitMs) => new()
    {
        ["count"] = pauses.Count,
        ["total_ms"] = LoadReport.Round(pauses.Sum(p => p.Ms), 1),
        ["max_ms"] = LoadReport.Round(pauses.Count == 0 ? 0 : pauses.Max(p => p.Ms), 2),
        ["suspending_total_ms"] = LoadReport.Round(pauses.Sum(p => p.SuspendingMs), 1),
        ["over_limit"] = pauses.Count(p => p.Ms > limitMs),
        ["by_generation"] = pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key).ToDictionary(
            g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
            g => (object)new Dictionary<string, object?>
            {
                ["count"] = g.Count(),
                ["total_ms"] = LoadReport.Round(g.Sum(p => p.Ms), 1),
                ["max_ms"] = LoadReport.Round(g.Max(p => p.Ms), 2),
                ["suspending_total_ms"] = LoadReport.Round(g.Sum(p => p.SuspendingMs), 1),
                ["reasons"] = g.GroupBy(p => $"{p.Reason}/{p.Type}").ToDictionary(r => r.Key, r => r.Count()),
            }),
        ["pauses_ms"] = pauses.Select(p => LoadReport.Round(p.Ms, 2)).ToList(),
    };
}
