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

    /// <summary>
    /// The window second by second (from the probe's first request): the probe's requests, those over the limit and of
    /// those the ones overlapping a pause, and the methods compiled, by tier: whether the tail sits at the window's start
    /// (code still warming) or is spread over it (cores, collections).
    /// </summary>
    public static List<Dictionary<string, object?>> BySecond(IReadOnlyList<(long Start, long End)> requests, IReadOnlyList<GcPause> pauses,
        IReadOnlyList<JitCompile> compiles, double limitMs)
    {
        var seconds = new List<Dictionary<string, object?>>();
        if (requests.Count == 0)
        {
            return seconds;
        }
        static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        var origin = requests[0].Start;
        int SecondOf(long at) => (int)Math.Floor((at - origin) / (double)Stopwatch.Frequency);
        var last = SecondOf(requests[^1].Start);
        for (var second = 0; second <= last; second++)
        {
            var these = requests.Where(r => SecondOf(r.Start) == second).ToList();
            var slow = these.Where(r => Ms(r.End - r.Start) > limitMs).ToList();
            var compiled = compiles.Where(c => SecondOf(c.At) == second).ToList();
            seconds.Add(new Dictionary<string, object?>
            {
                ["second"] = second,
                ["probe_requests"] = these.Count,
                ["probe_over_limit"] = slow.Count,
                ["probe_over_limit_in_a_pause"] = slow.Count(r => pauses.Any(p => p.Start < r.End && p.End > r.Start)),
                ["probe_max_ms"] = these.Count == 0 ? null : LoadReport.Round(these.Max(r => Ms(r.End - r.Start)), 2),
                ["pauses_ms"] = LoadReport.Round(pauses.Where(p => SecondOf(p.Start) == second).Sum(p => p.Ms), 1),
                ["compiled"] = compiled.GroupBy(c => c.Tier).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                ["compiled_request_path"] = compiled.Count(c => IsRequestPath(c.Method)),
            });
        }
        return seconds;
    }

    /// <summary>Kestrel, routing, pipes, sockets and our endpoints and cache: what a feed request runs through.</summary>
    private static bool IsRequestPath(string method) =>
        method.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || method.StartsWith("System.IO.Pipelines", StringComparison.Ordinal)
        || method.StartsWith("System.Net.Sockets", StringComparison.Ordinal) || method.StartsWith("Aggregator.Publish", StringComparison.Ordinal)
        || method.StartsWith("Aggregator.Hosting", StringComparison.Ordinal);

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
