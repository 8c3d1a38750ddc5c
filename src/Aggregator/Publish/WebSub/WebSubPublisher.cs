using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Publish.WebSub;

/// <summary>
/// WebSub publisher (W3C WebSub §7): when a topic feed's content changes, tell the configured hub
/// with `hub.mode=publish`, once per changed feed URL, so subscribers get it pushed instead of polling.
/// </summary>
public sealed partial class WebSubPublisher(
    FeedCache cache,
    StoreChangeSignal changes,
    ISiteCatalog catalog,
    SiteAddress site,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    ILogger<WebSubPublisher> logger) : BackgroundService
{
    public const string HttpClientName = "websub";

    /// <summary>Polls finishing close together are announced together.</summary>
    private readonly DebouncedSignal _changed = new(TimeSpan.FromSeconds(1), time);
    private readonly Dictionary<string, string> _announced = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnChanged;
        catalog.Reloaded += OnChanged;
        try
        {
            // What readers have now needs no announcement; only what changes from here on does.
            await AnnounceChangesAsync(announce: false, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken);
                await AnnounceChangesAsync(announce: true, stoppingToken);
            }
        }
        finally
        {
            changes.Changed -= OnChanged;
            catalog.Reloaded -= OnChanged;
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private void OnChanged() => _changed.Notify();

    private async Task AnnounceChangesAsync(bool announce, CancellationToken ct)
    {
        if (catalog.Defaults.WebSubHub is not { } hub)
        {
            return;
        }
        // The URL the feeds name as their self link: never with user:password, which the hub (another host) must not see.
        var siteBase = PublicLink.WithoutUserInfo(site.BaseUrl);
        var limit = catalog.Defaults.MaxItemsPerFeed;
        foreach (var topic in catalog.Topics)
        {
            foreach (var format in FeedFormatKind.All)
            {
                if (await cache.GetAsync(topic.Id, format, limit, siteBase, ct) is not { } feed)
                {
                    continue;
                }
                var url = new Uri(siteBase, $"feeds/{topic.Id}.{format.Extension}").AbsoluteUri;
                if (_announced.TryGetValue(url, out var etag) && etag == feed.ETag)
                {
                    continue;
                }
                if (!announce || await PingAsync(hub, url, ct))
                {
                    _announced[url] = feed.ETag;
                }
            }
        }
    }

    private async Task<bool> PingAsync(Uri hub, string feedUrl, CancellationToken ct)
    {
        // The log is read by more people than feeds.json.
        var shownHub = PublicLink.WithoutUserInfo(hub);
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var body = new FormUrlEncodedContent([new("hub.mode", "publish"), new("hub.url", feedUrl)]);
            using var response = await client.PostAsync(hub, body, ct);
            if (response.IsSuccessStatusCode)
            {
                LogPinged(shownHub, feedUrl);
                return true;
            }
            LogPingRefused(shownHub, feedUrl, (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            LogPingFailed(shownHub, feedUrl, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            LogPingFailed(shownHub, feedUrl, "timed out");
        }
        // Not recorded as announced: the next change tries again.
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub: told {Hub} that {FeedUrl} changed")]
    private partial void LogPinged(Uri hub, string feedUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: {Hub} refused the ping for {FeedUrl} with status {Status}")]
    private partial void LogPingRefused(Uri hub, string feedUrl, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: could not reach {Hub} for {FeedUrl}: {Error}")]
    private partial void LogPingFailed(Uri hub, string feedUrl, string error);
}
