using Microsoft.Playwright;

namespace Aggregator.Tests.Publish.Pages;

/// <summary>
/// The pages' server and one Debian Chromium, shared by the cases of <see cref="PagesInChromiumTests"/>: each case opens
/// its own browser context and only reads the store, so a server and a browser per case only cost a launch each.
/// </summary>
public sealed class PagesInChromium : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private PagesServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal PagesServer Server => _server ?? throw new InvalidOperationException("the pages' server is not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not launched");

    public async Task InitializeAsync()
    {
        // Never a browser of Playwright's own: Debian's chromium is the one under test.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium");
        _server = await PagesServer.StartAsync(extraVenezuelaArticles: 30);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
