using Aggregator.Model;
using Aggregator.Normalize;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Publish;

/// <summary>
/// Renders every topic's feeds, as readers ask for them by default, at start-up and after each config
/// reload: without it, the first readers of a feed (64 connections at once in the load test) all waited for
/// its first rendering, since there was no older one to serve them.
/// </summary>
/// <remarks>
/// Rendered for the site address (defaults.publicUrl, else the listen address): the self links of a feed depend
/// on the address a reader used, and this is the one readers use unless a proxy or another name is in between.
/// </remarks>
public sealed partial class FeedWarmer(FeedCache cache, SiteAddress address, ISiteCatalog site, ILogger<FeedWarmer> logger) : BackgroundService
{
    /// <summary>Items in a feed asked for without ?limit= (the HTTP endpoint's default).</summary>
    public static int DefaultLimit(ISiteCatalog site) => Math.Min(site.Defaults.MaxItemsPerFeed, Http.FeedEndpoints.MaxLimit);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var reloaded = new SemaphoreSlim(0, 1);
        void OnReloaded()
        {
            if (reloaded.CurrentCount == 0)
            {
                try
                {
                    reloaded.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another reload got there first: one warm-up covers both.
                }
            }
        }
        site.Reloaded += OnReloaded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await cache.WarmAsync(PublicLink.WithoutUserInfo(address.BaseUrl), DefaultLimit(site), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not fatal: each feed left is rendered when first asked for, as before.
                    LogNotWarmed(logger, e.Message);
                }
                await reloaded.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            site.Reloaded -= OnReloaded;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feeds not rendered ahead of readers: {Reason}; each is rendered when first asked for")]
    private static partial void LogNotWarmed(ILogger logger, string reason);
}
