using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit;

namespace Aggregator.Tests.Normalize.Browser;

/// <summary>
/// One Debian Chromium for a test class, driven by Playwright, with a throwaway profile. Every page the
/// harness loads is served by a route from a made-up reader origin; every other request is recorded and
/// aborted, so nothing leaves the machine whatever the markup asks for.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ReaderOrigin = "https://reader.example";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private readonly string profile = Path.Combine(Path.GetTempPath(), "aggregator-xss-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? playwright;
    private IBrowserContext? context;
    private IPage? page;
    // One page at a time (xUnit runs a class's tests one after another), so the handlers record into the current one.
    private Recorder current = new("");
    private int pageNumber;

    /// <summary>Pages loaded so far.</summary>
    public int PagesRendered => pageNumber;

    public async Task InitializeAsync()
    {
        // The package must never fetch a browser of its own: Debian's chromium is the one under test.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install -y chromium).");
        }

        Directory.CreateDirectory(profile);
        playwright = await Playwright.CreateAsync();
        // A persistent context is how Playwright takes an explicit --user-data-dir; the folder is fresh and ours.
        context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Args,
            Timeout = 30_000,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(10_000);
        await context.ExposeFunctionAsync(BrowserScripts.ReportBinding, (string call) => current.SinkCalls.Enqueue(call));
        await context.AddInitScriptAsync(BrowserScripts.Init);
        await context.RouteAsync("**/*", async route =>
        {
            var request = route.Request;
            if (request.IsNavigationRequest && request.Url == current.Url && request.Frame.ParentFrame is null)
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = current.Html });
                return;
            }

            current.Requests.Enqueue(request.Url);
            await route.AbortAsync("blockedbyclient");
        });
        page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        page.Dialog += (_, dialog) =>
        {
            current.Dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.Popup += (_, popup) => current.Popups.Enqueue(popup.Url);
    }

    /// <summary>Loads <paramref name="html"/> as a whole document, plays the reader's interactions and reports what happened.</summary>
    public async Task<RenderObservation> RenderAsync(string html, int waitMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        cancellationToken.ThrowIfCancellationRequested();
        var number = Interlocked.Increment(ref pageNumber);
        var recorder = new Recorder($"{ReaderOrigin}/view/{number}") { Html = html };
        current = recorder;
        try
        {
            IReadOnlyList<string> findings = [];
            var navigatedAway = false;
            try
            {
                // Reusing one tab: a new tab per load costs more than the load itself.
                await page.GotoAsync(recorder.Url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
                findings = await page.EvaluateAsync<string[]>(BrowserScripts.Interact, waitMs);
                // One more round trip: sink calls made before it are delivered before its answer.
                navigatedAway = await page.EvaluateAsync<string>("() => location.href") != recorder.Url;
            }
            catch (PlaywrightException e) when (IsNavigationAway(e))
            {
                // A meta refresh, form or script replaced the document under test: that is an observation too.
                navigatedAway = true;
            }

            return new RenderObservation([.. recorder.SinkCalls], [.. recorder.Dialogs], [.. recorder.Requests], [.. recorder.Popups], findings, navigatedAway);
        }
        finally
        {
            foreach (var popup in context!.Pages.Where(p => p != page).ToList())
            {
                await popup.CloseAsync();
            }
        }
    }

    private static bool IsNavigationAway(PlaywrightException e) =>
        e.Message.Contains("context was destroyed", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("interrupted by another navigation", StringComparison.OrdinalIgnoreCase);

    public async Task DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        playwright?.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be letting go of its profile; a leftover temp folder is harmless.
        }
    }

    private sealed class Recorder(string url)
    {
        public string Url { get; } = url;
        public string Html { get; init; } = "";
        public ConcurrentQueue<string> SinkCalls { get; } = new();
        public ConcurrentQueue<string> Dialogs { get; } = new();
        public ConcurrentQueue<string> Requests { get; } = new();
        public ConcurrentQueue<string> Popups { get; } = new();
    }
}
