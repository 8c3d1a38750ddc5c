using System.Globalization;
using System.Text;
using System.Text.Json;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// Article pages built to exhaust the full-text extractor's DOM: a million attributes on one element (unique names,
/// and one name repeated, which a parser must check for duplicates), 100,000 nested divs, a million unclosed tags.
/// Each page carries real paragraphs before the flood and one after it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ArticlePageFloodTests(ReliabilityReport report) : IClassFixture<ReliabilityReport>
{
    private const long MemoryBoundMb = 1024;

    /// <summary>The count of article pages read only up to the extractor's 2 Mi characters.</summary>
    private const string CutSeries = "aggregator_pages_cut_total{reason=\"article_size\"}";

    private const string Paragraph = "Real article text that goes on for a while, as an article does.";

    /// <summary>Each page's flood, between its first paragraphs and its last one.</summary>
    private static readonly Dictionary<string, Func<string>> Floods = new(StringComparer.Ordinal)
    {
        ["million-unique-attributes"] = () => "<p " + string.Join(' ', Enumerable.Range(0, 1_000_000).Select(i => $"a{i}")) + ">x</p>",
        ["repeated-attribute"] = () => "<p " + string.Concat(Enumerable.Repeat("a ", 900_000)) + ">x</p>",
        ["nested-100k"] = () => string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 100_000)),
        ["million-unclosed-tags"] = () => string.Concat(Enumerable.Repeat("<b>", 1_000_000)),
        ["plain"] = () => "",
    };

    [Fact]
    public async Task ArticlePagesWithMillionsOfAttributesOrTags_AreExtracted_TheCutCounted_TheWorkerStaysUp()
    {
        await using var outlet = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/feed", (HttpContext context) =>
            {
                var items = string.Concat(Floods.Keys.Select(k =>
                    $"<item><title>Page {k}</title><link>{new Uri(BaseOf(context), "page/" + k)}</link><description>Summary of {k}.</description></item>"));
                return Results.Text($"""<?xml version="1.0"?><rss version="2.0"><channel><title>Floods</title><link>{BaseOf(context)}</link>{items}</channel></rss>""", "application/rss+xml");
            });
            app.MapGet("/page/{name}", (string name) => Floods.TryGetValue(name, out var flood)
                ? Results.Text("<!DOCTYPE html><html><head><title>Page</title></head><body><article><h1>Page</h1>"
                    + string.Concat(Enumerable.Repeat($"<p>{Paragraph} {name}</p>", 5)) + flood() + $"<p>{Paragraph} closing {name}</p></article></body></html>", "text/html; charset=utf-8")
                : Results.NotFound());
        });
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("feeds.json"), $$"""
            { "defaults": { "timeout": "60s" }, "outlets": [ { "id": "floods", "url": "{{new Uri(outlet.Address, "feed")}}", "fullText": true } ] }
            """);
        using var worker = await HostWorker.StartAsync(folder.File("feeds.json"), folder.File("data"));

        var texts = await WaitFor.StateAsync("every page's full text in /feeds/all.json", async () =>
        {
            var json = await worker.GetAsync("/feeds/all.json");
            if (json is null)
            {
                return null;
            }
            using var feed = JsonDocument.Parse(json);
            var byLink = feed.RootElement.GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("url").GetString()!, i => i.TryGetProperty("content_html", out var c) ? c.GetString() ?? "" : "", StringComparer.Ordinal);
            return Floods.Keys.All(k => byLink.Any(b => b.Key.EndsWith("/page/" + k, StringComparison.Ordinal) && b.Value.Contains(Paragraph, StringComparison.Ordinal)))
                ? byLink : null;
        }, WaitFor.Exited(worker.Process));
        var metrics = await worker.GetAsync("/metrics") ?? "";

        Assert.False(worker.Process.HasExited);
        var table = new StringBuilder("| page | kept | closing paragraph |\n| --- | --- | --- |\n");
        var closingMissing = new List<string>();
        foreach (var name in Floods.Keys)
        {
            var text = texts.Single(t => t.Key.EndsWith("/page/" + name, StringComparison.Ordinal)).Value;
            Assert.Contains($"{Paragraph} {name}", text, StringComparison.Ordinal);
            // Named after its page: a paragraph every page of the outlet repeats is furniture, and left out as such.
            var closingKept = text.Contains($"{Paragraph} closing {name}", StringComparison.Ordinal);
            if (!closingKept)
            {
                closingMissing.Add(name);
            }
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {text.Length:N0} characters | {(closingKept ? "kept" : "missing")} |\n");
        }
        // Pages over the extractor's 2 Mi characters are cut before a tag, and each cut is counted.
        var cuts = metrics.Split('\n').Where(l => l.StartsWith(CutSeries + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture));
        Assert.True(cuts >= 2, $"{cuts} article pages counted as cut; the million-attribute and million-tag pages are over 2 Mi characters");
        // Text after a flood may go only with a cut that was counted.
        Assert.True(closingMissing.Count <= cuts, $"closing paragraph missing on {string.Join(", ", closingMissing)}, {cuts} pages counted as cut");
        Assert.True(worker.Process.PeakRssMb < MemoryBoundMb, $"peak memory {worker.Process.PeakRssMb} MB");

        report.Record("2-article-floods", $"""
            ## Article pages that flood the DOM

            A fullText outlet whose {Floods.Count} article pages carry, between real paragraphs, a million attributes
            on one element, one attribute repeated 900,000 times, 100,000 nested divs, a million unclosed tags (and one plain
            page), through `run`: every page's paragraphs before the flood are stored as its full text, {cuts:N0} pages counted
            in `{CutSeries}`, the worker up. Peak memory (VmHWM): **{worker.Process.PeakRssMb} MB**
            (bound asserted: {MemoryBoundMb} MB).

            {table}
            Closing paragraph (after the flood) missing on {closingMissing.Count} pages ({string.Join(", ", closingMissing)});
            pages counted as cut: {cuts:N0}.{(closingMissing.Count > cuts ? " The difference is text left out without a count." : "")}
            """);
    }

    private static Uri BaseOf(HttpContext context) => new($"{context.Request.Scheme}://{context.Request.Host}/");
}
