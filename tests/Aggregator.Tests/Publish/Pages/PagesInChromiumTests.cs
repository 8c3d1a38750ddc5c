using Aggregator.Model;
using Aggregator.Store;
using Aggregator.Topics;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>
/// The pages as readers see them, in Debian's Chromium driven by Playwright: at a 360 px phone in dark
/// mode and a desktop in light mode, each must load without console errors or requests elsewhere,
/// fit the width, and pass axe-core without serious or critical violations. Screenshots go to the
/// gitignored artifacts folder beside this file for review.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PagesInChromiumTests(PagesInChromium chromium) : IClassFixture<PagesInChromium>
{
    private static readonly (string Name, string Path)[] Pages =
    [
        ("index", "/"),
        ("topic", "/topics/venezuela"),
        ("search", "/search?q=guaido"),
        ("outlets", "/outlets"),
    ];

    private static readonly (int Width, int Height, ColorScheme Scheme, string Label)[] Screens =
    [
        (360, 800, ColorScheme.Dark, "phone-dark"),
        (1280, 900, ColorScheme.Light, "desktop-light"),
    ];

    private static string Artifacts => Path.Combine(TestPaths.RepoRoot, "tests", "Aggregator.Tests", "Publish", "Pages", "artifacts");

    /// <summary>A page in a fresh context: console errors, failed loads and requests to other origins are recorded.</summary>
    private async Task<(IPage Page, IBrowserContext Context, List<string> Problems)> OpenAsync(int width, int height, ColorScheme scheme, bool javaScript = true)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
            JavaScriptEnabled = javaScript,
        });
        var problems = new List<string>();
        var origin = chromium.Server.Address.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }
            problems.Add("request elsewhere: " + route.Request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => problems.Add("failed load: " + request.Url);
        return (page, context, problems);
    }

    [Fact]
    public async Task EveryPage_AtPhoneAndDesktop_LoadsCleanFitsAndPassesAxe()
    {
        Directory.CreateDirectory(Artifacts);
        var failures = new List<string>();
        foreach (var (width, height, scheme, label) in Screens)
        {
            foreach (var (name, path) in Pages)
            {
                var (page, context, problems) = await OpenAsync(width, height, scheme);
                await using (context)
                {
                    var response = await page.GotoAsync(new Uri(chromium.Server.Address, path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                    Assert.Equal(200, response!.Status);
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}-{label}.png"), FullPage = true });
                    // The first screenful alone: small enough for the README's pictures.
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"{name}-{label}-top.png") });

                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    if (overflow > width)
                    {
                        failures.Add($"{path} at {width}px: {overflow}px wide");
                    }
                    var axe = await page.RunAxe();
                    failures.AddRange(axe.Violations
                        .Where(v => v.Impact is "serious" or "critical")
                        .Select(v => $"{path} at {width}px: axe {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))})"));
                    failures.AddRange(problems.Select(p => $"{path} at {width}px: {p}"));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task SearchBox_WithoutJavaScript_ShowsWhatTheStoreMatches_AndPagesOn()
    {
        var (page, context, problems) = await OpenAsync(360, 800, ColorScheme.Light, javaScript: false);
        await using (context)
        {
            await page.GotoAsync(chromium.Server.Address.AbsoluteUri);
            await page.FillAsync("#q", "venezuela -guaidó");
            await page.PressAsync("#q", "Enter");
            await page.WaitForURLAsync("**/search?q=*");
            var shown = await page.Locator("article h2").AllInnerTextsAsync();

            var expected = await chromium.Server.Store.SearchAsync(TopicDefinition.AllId, SearchQuery.TryParse("venezuela -guaidó", out _)!.Criteria,
                new TopicPageRequest(Aggregator.Publish.Http.PageEndpoints.PageSize), CancellationToken.None);
            Assert.Equal(Aggregator.Publish.Http.PageEndpoints.PageSize, shown.Count);
            Assert.Equal(expected.Items.Select(i => i.Article.Title), shown);
            Assert.DoesNotContain(shown, t => t.Contains("Guaid", StringComparison.Ordinal));

            // The next page, by the pager's link, continues where the store's cursor says.
            await page.ClickAsync("a[rel=next]");
            var next = await page.Locator("article h2").AllInnerTextsAsync();
            var expectedNext = await chromium.Server.Store.SearchAsync(TopicDefinition.AllId, SearchQuery.TryParse("venezuela -guaidó", out _)!.Criteria,
                new TopicPageRequest(Aggregator.Publish.Http.PageEndpoints.PageSize, Before: expected.Older), CancellationToken.None);
            Assert.Equal(expectedNext.Items.Select(i => i.Article.Title), next);
            Assert.NotEmpty(next);
            Assert.Empty(problems);
        }
    }
}
