using System.Text.Json;
using Aggregator.Tests.Scrape;

namespace Aggregator.Tests.Cli;

/// <summary>`preview --type html` says which groups detection took and why, in its "structure".</summary>
public sealed class PreviewStructureTests
{
    [Fact]
    public async Task Preview_HtmlArchive_PrintsTheGroupsTakenAndWhy()
    {
        using var temp = new TempFolder();
        var page = ListingShapes.Build(ListingShapes.Habit.WordPress, ListingShapes.Shape.YearArchive);
        var file = temp.File("archive.html");
        // A file has no address of its own; the canonical link gives its links one.
        await File.WriteAllTextAsync(file, page.Html.Replace("<head>", $"<head><link rel=\"canonical\" href=\"{page.PageUrl}\">", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("preview", "--type", "html", file);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(result.Lines));
        var structure = json.RootElement.GetProperty("structure").GetString()!;
        Assert.StartsWith($"detected {page.Articles.Count} items via ", structure, StringComparison.Ordinal);
        Assert.Matches(@"\(\d+ groups of the same shape merged in page order\)$", structure);
        Assert.Equal(page.Articles.Select(a => a.Url), json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()));
    }
}
