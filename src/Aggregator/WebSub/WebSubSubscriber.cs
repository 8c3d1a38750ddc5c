using System.Security.Cryptography;
using Aggregator.Hosting;
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
/// polled only daily, as a safety net.
/// </summary>
public sealed partial class WebSubSubscriber(
    ActiveConfig config,
    IAggregatorStore store,
    OutletRefresher refresher,
    PendingSubscriptions pending,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    ILogger<WebSubSubscriber> logger) : BackgroundService
{
    public const string HttpClientName = "websub-subscriber";

    /// <summary>Asked of hubs; they may grant less.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromDays(10);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public static Uri CallbackFor(Uri publicUrl, string outletId) => new(publicUrl, $"websub/{Uri.EscapeDataString(outletId)}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        refresher.Polled += OnPolled;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SubscribeWhereNeededAsync(stoppingToken);
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
        var snapshot = config.Current.Config;
        if (snapshot.Defaults.PublicUrl is not { } publicUrl)
        {
            return;
        }
        var now = time.GetUtcNow();
        var states = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);
        foreach (var outlet in snapshot.Outlets.Where(o => o.Enabled && o.Type == OutletType.Feed))
        {
            if (states.GetValueOrDefault(outlet.Id) is not { WebSubHub: { } hub, WebSubTopic: { } topic } state
                || (state.WebSubExpires is { } renewAt && renewAt > now)
                || pending.IsWaiting(outlet.Id, now - RetryAfter))
            {
                continue;
            }
            await SubscribeAsync(outlet, hub, topic, CallbackFor(publicUrl, outlet.Id), ct);
        }
    }

    private async Task SubscribeAsync(Outlet outlet, Uri hub, Uri topic, Uri callback, CancellationToken ct)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        pending.Add(outlet.Id, new PendingSubscriptions.Pending(topic, secret, time.GetUtcNow()));
        try
        {
            using var client = httpClientFactory.CreateClient(HttpClientName);
            using var body = new FormUrlEncodedContent(
            [
                new("hub.mode", "subscribe"),
                new("hub.topic", topic.AbsoluteUri),
                new("hub.callback", callback.AbsoluteUri),
                new("hub.secret", secret),
                new("hub.lease_seconds", ((long)Lease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
            using var response = await client.PostAsync(hub, body, ct);
            if (response.IsSuccessStatusCode)
            {
                LogRequested(outlet.Id, hub, topic);
            }
            else
            {
                LogRefused(outlet.Id, hub, (int)response.StatusCode);
            }
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(outlet.Id, hub, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            LogUnreachable(outlet.Id, hub, "timed out");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub: asked {Hub} to push {Topic} for {OutletId}")]
    private partial void LogRequested(string outletId, Uri hub, Uri topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: {Hub} refused the subscription for {OutletId} with status {Status}; polling goes on")]
    private partial void LogRefused(string outletId, Uri hub, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: could not reach {Hub} for {OutletId}: {Error}; polling goes on")]
    private partial void LogUnreachable(string outletId, Uri hub, string error);
}
