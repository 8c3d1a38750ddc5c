using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aggregator.Load;

/// <summary>
/// bench/results/latest.json: exactly the keys the issue names, plus machine and commit. Everything
/// else the harness learns goes to <see cref="Details"/> (latest-details.json beside it).
/// </summary>
internal sealed class LoadReport
{
    public double ParseMbS { get; set; } = double.NaN;
    public double XmlReaderScanMbS { get; set; } = double.NaN;
    public double FirstRoundS { get; set; } = double.NaN;
    public double SecondRoundS { get; set; } = double.NaN;
    public int Outlets { get; set; }
    public long Items { get; set; }
    public double PeakRssMb { get; set; } = double.NaN;
    public double ServeRps { get; set; } = double.NaN;
    public double NginxRps { get; set; } = double.NaN;
    public double ServeP99Ms { get; set; } = double.NaN;
    public double DedupLookupUsMedian1M { get; set; } = double.NaN;
    public double StartupS { get; set; } = double.NaN;
    public double CpuSPer1000Articles { get; set; } = double.NaN;
    public double DiskBytesPerArticle { get; set; } = double.NaN;
    public double AllocBytesPerArticle { get; set; } = double.NaN;
    public double Gen2CollectionsRound1 { get; set; } = double.NaN;
    public double ParseRatioSmall { get; set; } = double.NaN;
    public double ParseRatioLarge { get; set; } = double.NaN;
    public double PollPeakRssMb { get; set; } = double.NaN;
    public double ServeP99MsDuringIngest { get; set; } = double.NaN;
    public int Cores { get; set; } = Environment.ProcessorCount;
    public double MemoryGb { get; set; }
    public string Cpu { get; set; } = "";
    public string Commit { get; set; } = "";

    public SortedDictionary<string, object?> Details { get; } = new(StringComparer.Ordinal);

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var latest = new Dictionary<string, object?>
        {
            ["parse_mb_s"] = Round(ParseMbS),
            ["xmlreader_scan_mb_s"] = Round(XmlReaderScanMbS),
            ["parse_ratio"] = Round(ParseMbS / XmlReaderScanMbS, 3),
            ["first_round_s"] = Round(FirstRoundS),
            ["second_round_s"] = Round(SecondRoundS),
            ["outlets"] = Outlets,
            ["items"] = Items,
            ["peak_rss_mb"] = Round(PeakRssMb),
            ["serve_rps"] = Round(ServeRps, 0),
            ["nginx_rps"] = Round(NginxRps, 0),
            ["serve_ratio"] = Round(ServeRps / NginxRps, 3),
            ["serve_p99_ms"] = Round(ServeP99Ms),
            ["dedup_lookup_us_median_1m"] = Round(DedupLookupUsMedian1M, 3),
            ["startup_s"] = Round(StartupS, 3),
            ["cpu_s_per_1000_articles"] = Round(CpuSPer1000Articles, 3),
            ["disk_bytes_per_article"] = Round(DiskBytesPerArticle, 0),
            ["alloc_bytes_per_article"] = Round(AllocBytesPerArticle, 0),
            ["gen2_collections_round1"] = Round(Gen2CollectionsRound1, 0),
            ["parse_ratio_small"] = Round(ParseRatioSmall, 3),
            ["parse_ratio_large"] = Round(ParseRatioLarge, 3),
            ["poll_peak_rss_mb"] = Round(PollPeakRssMb),
            ["serve_p99_ms_during_ingest"] = Round(ServeP99MsDuringIngest),
            ["machine"] = new Dictionary<string, object> { ["cores"] = Cores, ["memory_gb"] = Round(MemoryGb, 1) ?? 0, ["cpu"] = Cpu },
            ["commit"] = Commit,
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(latest, options) + "\n", ct);
        var details = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-details.json");
        await File.WriteAllTextAsync(details, JsonSerializer.Serialize(Details, options) + "\n", ct);
    }

    /// <summary>NaN (not measured) becomes null: JSON has no NaN.</summary>
    public static double? Round(double value, int digits = 2) => double.IsFinite(value) ? Math.Round(value, digits) : null;
}
