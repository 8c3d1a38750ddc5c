using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Bench.Shared;

namespace Aggregator.Load;

/// <summary>
/// `parse [--runs N] [--out FILE] [--no-write] [--passes FILE]`: only the in-process parse figures, in a minute instead of the whole run. It
/// rewrites only the parse keys of latest.json, so the ingest and serve figures stay those their own run measured
/// (a parse change does not move them enough to be worth a 20-minute run on a machine shared by six). `--passes` writes
/// every timed pass (wall and processor time, collections, bytes) as CSV.
/// </summary>
internal static class ParseOnly
{
    private static readonly string[] Keys = ["parse_mb_s", "xmlreader_scan_mb_s", "parse_ratio", "parse_ratio_small", "parse_ratio_large",
        "syndication_mb_s", "parse_ratio_syndication"];

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var runs = 41;
        string? output = null;
        string? passes = null;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"load: {args[i]} needs a value");
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = Path.GetFullPath(Value());
                    break;
                case "--passes":
                    passes = Path.GetFullPath(Value());
                    break;
                case "--no-write":
                    output = "";
                    break;
                default:
                    throw new ArgumentException($"load: unknown option {args[i]} for parse; see bench/README.md");
            }
        }

        var load = Machine.LoadAverage();
        var large = BenchInputs.Instance.Rss5MB;
        var (parse, scan, entries) = InProcessFigures.Parse(large, runs);
        Console.WriteLine($"large: {large.Length / 1048576.0:F1} MB, {entries} entries: parse {parse:F1} MB/s, XmlReader scan {scan:F1} MB/s, ratio {parse / scan:F3}");
        Console.WriteLine(ParsePass.Summary(InProcessFigures.Passes, "large"));
        var small = SmallFeeds.Build(BenchInputs.Instance.Content);
        var (smallParse, smallScan) = InProcessFigures.ParseAll(small, runs);
        Console.WriteLine($"small: {small.Count} feeds of {small.Average(f => f.Body.Length) / 1024:F0} KB: parse {smallParse:F1} MB/s, XmlReader scan {smallScan:F1} MB/s, ratio {smallParse / smallScan:F3}");
        Console.WriteLine(ParsePass.Summary(InProcessFigures.Passes, "small"));
        // The bar (ours at least twice SyndicationFeed.Load), over the large feed and the small ones together.
        var (oursMbS, syndicationMbS, read, rejected) = InProcessFigures.BesideSyndication([(large, "application/rss+xml"), .. small], runs);
        Console.WriteLine($"SyndicationFeed.Load: read {read} of {read + rejected} feeds ({rejected} rejected, skipped on both sides): parse {oursMbS:F1} MB/s, SyndicationFeed.Load {syndicationMbS:F1} MB/s, ratio {oursMbS / syndicationMbS:F3}");
        Console.WriteLine(ParsePass.Summary(InProcessFigures.Passes, "syndication"));
        Console.WriteLine($"load average (1 min) at start {load:F2}, at end {Machine.LoadAverage():F2}");
        if (passes is not null)
        {
            await File.WriteAllLinesAsync(passes, [ParsePass.Header, .. InProcessFigures.Passes.Select(p => p.Csv)], ct);
        }

        if (output == "")
        {
            return 0;
        }

        output ??= Path.Combine(Machine.FindRepo(null), "bench", "results", "latest.json");
        var latest = File.Exists(output) ? JsonNode.Parse(await File.ReadAllTextAsync(output, ct))!.AsObject() : [];
        double?[] values = [LoadReport.Round(parse), LoadReport.Round(scan), LoadReport.Round(parse / scan, 3), LoadReport.Round(smallParse / smallScan, 3), LoadReport.Round(parse / scan, 3),
            LoadReport.Round(syndicationMbS), LoadReport.Round(oursMbS / syndicationMbS, 3)];
        for (var i = 0; i < Keys.Length; i++)
        {
            latest[Keys[i]] = values[i];
        }

        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(output, latest.ToJsonString(options) + "\n", ct);
        Console.WriteLine($"wrote the parse keys of {output}");
        return 0;
    }
}
