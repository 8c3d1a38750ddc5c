using System.Security.Cryptography;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.WebSub;

/// <summary>
/// WebSub subscriber (W3C WebSub §5): when an outlet's feed advertises a hub and defaults.publicUrl
/// is set, subscribe with a secret of our own, and renew a day before the lease runs out. Pushed
/// content is ingested at once (WebSubCallbackEndpoints); while a subscription lives the outlet is
/// polled only daily, as a safety net. The hub's URL comes from the feed, so the subscription goes
/// through the fetcher like any URL content names: http(s) only, and private addresses refused
/// unless the hub is on the outlet's own configured origin (or allowPrivateNetworks is set).
/// Nothing about one outlet's hub can stop the subscriber or the host: every failure is a log line.
/// </summary>
public sealed partial class WebSubSubscriber(
    IOutletCatalog catalog,
    IAggregatorStore store,
    OutletRefresher refresher,
    PendingSubscriptions pending,
    Fetcher fetcher,
    TimeProvider time,
    ILogger<WebSubSubscriber> logger) : BackgroundService
{
    /// <summary>Asked of hubs; they may grant less.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromDays(10);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>The callback for one subscription request: its token is derived from the request's own secret.</summary>
    public static Uri CallbackFor(Uri publicUrl, string outletId, string secret) =>
        new(publicUrl, $"websub/{Uri.EscapeDataString(outletId)}/{CallbackToken.For(secret)}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        refresher.Polled += OnPolled;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SubscribeWhereNeededAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A faulted BackgroundService stops the host (and exits 0): the store's trouble is
                    // a log line, and the next sweep tries again.
                    LogSweepFailed(e.GetType().Name, e.Message.ReplaceLineEndings(" "));
                }
                // A poll that found a hub wakes us; otherwise a periodic sweep renews leases.
                await _wake.WaitAsync(Sweep, stoppingToken);
            }
        }
        finally
        {
            refresher.Polled -= OnPolled;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void OnPolled(string outletId) => _wake.Release();

    private async Task SubscribeWhereNeededAsync(CancellationToken ct)
    {
        if (catalog.Defaults.PublicUrl is not { } publicUrl)
        {
            return;
        }
        var now = time.GetUtcNow();
        var states = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);
        foreach (var outlet in catalog.Outlets.Where(o => o.Enabled && o.Type == OutletType.Feed))
        {
            if (states.GetValueOrDefault(outlet.Id) is not { WebSubHub: { } hub, WebSubTopic: { } topic } state
                || (state.WebSubExpires is { } renewAt && renewAt > now)
                || pending.IsWaiting(outlet.Id, now - RetryAfter))
            {
                continue;
            }
            // A topic stored before passwords were kept out of it must not carry one to the hub either.
            await SubscribeAsync(outlet, hub, SafeUrl.WithoutUserInfo(topic), publicUrl, ct);
        }
    }

    private async Task SubscribeAsync(Outlet outlet, Uri hub, Uri topic, Uri publicUrl, CancellationToken ct)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        pending.Add(outlet.Id, new PendingSubscriptions.Pending(topic, secret, time.GetUtcNow()));
        var hubForLog = SafeUrl.ForLog(hub);
        try
        {
            var callback = CallbackFor(publicUrl, outlet.Id, secret);
            // The outlet's configured origin is the only one trusted with a private address; its
            // headers and password are for feed requests, not for a hub, so none are sent.
            var result = await fetcher.FetchAsync(new FetchRequest(hub, TrustedOrigin: SafeUrl.WithoutUserInfo(outlet.Url),
                Form:
                [
                    new("hub.mode", "subscribe"),
                    new("hub.topic", topic.AbsoluteUri),
                    new("hub.callback", callback.AbsoluteUri),
                    new("hub.secret", secret),
                    new("hub.lease_seconds", ((long)Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ]), ct);
            if (result.IsOk)
            {
                LogRequested(outlet.Id, hubForLog, topic);
            }
            else
            {
                LogRefused(outlet.Id, hubForLog, result.Error ?? "failed");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever a hub URL provokes is that outlet's subscription failing, never the worker's end.
            LogRefused(outlet.Id, hubForLog, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub: asked {Hub} to push {Topic} for {OutletId}")]
    private partial void LogRequested(string outletId, string hub, Uri topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: subscribing {OutletId} at {Hub} failed: {Error}; polling goes on")]
    private partial void LogRefused(string outletId, string hub, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: the subscription sweep failed: {Type}: {Error}; it runs again later")]
    private partial void LogSweepFailed(string type, string error);
}
