using System.Security.Cryptography;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Observability;
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
/// Nothing about one outlet's hub can stop the subscriber or the host: every failure is a log line, a count by
/// reason in /metrics, a warning in /healthz and a note in `status`, until the hub confirms a subscription.
/// </summary>
public sealed partial class WebSubSubscriber(
    IOutletCatalog catalog,
    IAggregatorStore store,
    OutletRefresher refresher,
    PendingSubscriptions pending,
    Fetcher fetcher,
    SubscriptionFailures failures,
    AggregatorMetrics metrics,
    TimeProvider time,
    ILogger<WebSubSubscriber> logger) : BackgroundService
{
    /// <summary>Reasons of failed subscriptions (the metric's label): the hub answered with an error status; it could not be reached or asked; it accepted but never verified.</summary>
    public const string HubRefused = "hub_refused";
    public const string Unreachable = "unreachable";
    public const string NotVerified = "not_verified";
    public const string Error = "error";

    /// <summary>The store setting that keeps an outlet's failing subscription for `status`, which runs in another process.</summary>
    public static string FailureKey(string outletId) => "websub-failure:" + outletId;

    /// <summary>Asked of hubs; they may grant less.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromDays(10);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private long _polls;
    private long _pollsSwept;

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
                var polls = Interlocked.Read(ref _polls);
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
                Interlocked.Exchange(ref _pollsSwept, polls);
                // A poll that found a hub wakes us; otherwise a periodic sweep renews leases, on the worker's clock as
                // leases are (a wall-clock wait would let a clock that jumps lapse them unseen).
                await WaitForWakeOrSweepAsync(stoppingToken);
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

    /// <summary>True once a sweep has run to its end after every poll so far: what a poll can have asked of it is done.</summary>
    internal bool HasSweptEveryPoll => Interlocked.Read(ref _pollsSwept) >= Interlocked.Read(ref _polls);

    private void OnPolled(string outletId)
    {
        Interlocked.Increment(ref _polls);
        _wake.Release();
    }

    private async Task WaitForWakeOrSweepAsync(CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.WaitAsync(waiting.Token);
        var swept = Task.Delay(Sweep, time, waiting.Token);
        await Task.WhenAny(woken, swept);
        // The loser is cancelled, not left waiting: a wake it would have taken stays for the next turn.
        await waiting.CancelAsync();
    }

    /// <summary>
    /// How long after a failed request to the same hub, with the same callback base, the next one waits: 5 minutes,
    /// doubling with each failure in a row up to a day. A hub that stays dead was asked (and warned about) every sweep,
    /// 144 times a day per outlet for as long as it stayed dead; now about once a day after the first, while a hub that
    /// was down for minutes is still asked again within minutes.
    /// </summary>
    internal static TimeSpan RetryDelay(int failuresInARow) =>
        failuresInARow <= 1 ? RetryAfter : TimeSpan.FromTicks(Math.Min(MaxRetryAfter.Ticks, RetryAfter.Ticks << Math.Min(failuresInARow - 1, 20)));

    private async Task SubscribeWhereNeededAsync(CancellationToken ct)
    {
        // An outlet gone from feeds.json takes its unconfirmed request and its failure with it: a year of edits must not
        // leave one of each per outlet ever configured (the store forgets its row with its last article).
        // Asked of the few kept, not by a set of every configured id: this runs after every poll, and a set of 2,000 ids
        // made per poll was 3 KB allocated per article stored in a first round (bench/results, 2026-12-07).
        pending.KeepOnly(IsConfigured);
        failures.KeepOnly(IsConfigured);
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
                || StillWaiting(outlet.Id, hub, publicUrl, now))
            {
                continue;
            }
            if (pending.Unconfirmed(outlet.Id) is { Refused: false } unconfirmed)
            {
                // The hub took the request but never came to the callback: a wrong publicUrl is the usual cause.
                await FailedAsync(outlet.Id, SafeUrl.ForLog(hub), NotVerified, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the hub never verified the subscription asked for at {unconfirmed.RequestedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (is defaults.publicUrl reachable from it?)"), ct);
            }
            // A topic stored before passwords were kept out of it must not carry one to the hub either.
            await SubscribeAsync(outlet, hub, SafeUrl.WithoutUserInfo(topic), publicUrl, ct);
        }
    }

    private bool IsConfigured(string outletId) => catalog.Find(outletId) is not null;

    /// <summary>Whether the outlet's last request is too recent to ask again: backed off only while the same hub is asked with the same callback base.</summary>
    private bool StillWaiting(string outletId, Uri hub, Uri publicUrl, DateTimeOffset now) =>
        pending.Unconfirmed(outletId) is { } last && last.Hub == hub && last.PublicUrl == publicUrl
            && last.RequestedAt > now - RetryDelay(FailuresInARow(outletId));

    private int FailuresInARow(string outletId) => failures.For(outletId)?.Failures ?? 0;

    private async Task SubscribeAsync(Outlet outlet, Uri hub, Uri topic, Uri publicUrl, CancellationToken ct)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var request = new PendingSubscriptions.Pending(topic, secret, time.GetUtcNow(), Hub: hub, PublicUrl: publicUrl);
        pending.Add(outlet.Id, request);
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
                pending.Add(outlet.Id, request with { Refused = true });
                await FailedAsync(outlet.Id, hubForLog, result.StatusCode is null ? Unreachable : HubRefused, result.Error ?? "failed", ct, request.RequestedAt);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever a hub URL provokes is that outlet's subscription failing, never the worker's end.
            pending.Add(outlet.Id, request with { Refused = true });
            await FailedAsync(outlet.Id, hubForLog, Error, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", ct, request.RequestedAt);
        }
    }

    /// <param name="requestedAt">When the failed request was sent, if this failure backs the next one off: the line then
    /// says when it comes, so an operator reading `status` or /healthz sees the back-off, not just a growing count.</param>
    private async Task FailedAsync(string outletId, string hubForLog, string reason, string error, CancellationToken ct, DateTimeOffset? requestedAt = null)
    {
        var message = $"subscribing at {hubForLog} failed: {error}";
        if (requestedAt is { } sent)
        {
            // The count this failure makes: StillWaiting backs the next request off by it from the request's time.
            var next = sent + RetryDelay(FailuresInARow(outletId) + 1);
            message += string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; next try after {next.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        }
        LogRefused(outletId, hubForLog, error);
        metrics.RecordWebSubFailure(outletId, reason);
        var failure = failures.Record(outletId, reason, message, time.GetUtcNow());
        try
        {
            await store.SetSettingAsync(FailureKey(outletId), failure.Line, ct);
        }
        catch (StoreException e)
        {
            // /healthz and /metrics still show it; only `status` misses it until the store answers again.
            LogFailureNotStored(outletId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSub: asked {Hub} to push {Topic} for {OutletId}")]
    private partial void LogRequested(string outletId, string hub, Uri topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: subscribing {OutletId} at {Hub} failed: {Error}; polling goes on")]
    private partial void LogRefused(string outletId, string hub, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: the failing subscription of {OutletId} was not stored for status: {Error}")]
    private partial void LogFailureNotStored(string outletId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: the subscription sweep failed: {Type}: {Error}; it runs again later")]
    private partial void LogSweepFailed(string type, string error);
}
