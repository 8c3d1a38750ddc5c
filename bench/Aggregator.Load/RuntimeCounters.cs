using System.Globalization;

namespace Aggregator.Load;

/// <summary>The worker's managed-heap figures, read from its /metrics (dotnet_gc_allocated_bytes_total, dotnet_gc_collections_total).</summary>
/// <param name="PauseSeconds">dotnet_gc_pause_time_seconds_total: the time the runtime stood still for collections; null from a build without it.</param>
/// <param name="FeedRenders">aggregator_feed_renders_total: feed renderings begun; null from a build without it.</param>
/// <param name="FeedRenderSeconds">aggregator_feed_render_time_seconds_total: their time from start to landing, summed; null from a build without it.</param>
/// <param name="Polls">aggregator_polls_total over every outlet and outcome: polls the worker finished, as it counts them (the
/// harness's own count reads its log, which may lag when the harness is starved of cores).</param>
internal sealed record RuntimeCounters(long AllocatedBytes, Dictionary<string, long> Collections, double? PauseSeconds,
    long? FeedRenders = null, double? FeedRenderSeconds = null, long Polls = 0)
{
    public static async Task<RuntimeCounters> ScrapeAsync(Uri baseUrl, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var text = await client.GetStringAsync(new Uri(baseUrl, "/metrics"), ct);
        long allocated = -1;
        double? pause = null;
        long? renders = null;
        double? renderSeconds = null;
        long polls = 0;
        var collections = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (space < 0 || line.StartsWith('#'))
            {
                continue;
            }
            var name = line[..space];
            var exact = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            var value = (long)exact;
            if (name == "dotnet_gc_pause_time_seconds_total")
            {
                pause = exact;
            }
            else if (name.StartsWith("aggregator_polls_total", StringComparison.Ordinal))
            {
                polls += value;
            }
            else if (name == "aggregator_feed_renders_total")
            {
                renders = value;
            }
            else if (name == "aggregator_feed_render_time_seconds_total")
            {
                renderSeconds = exact;
            }
            else if (name == "dotnet_gc_allocated_bytes_total")
            {
                allocated = value;
            }
            else if (name.StartsWith("dotnet_gc_collections_total{generation=\"", StringComparison.Ordinal))
            {
                collections[name["dotnet_gc_collections_total{generation=\"".Length..^2]] = value;
            }
        }
        return allocated < 0
            ? throw new InvalidOperationException("load: the worker's /metrics has no dotnet_gc_allocated_bytes_total (a build before it was added?)")
            : new RuntimeCounters(allocated, collections, pause, renders, renderSeconds, polls);
    }
}
