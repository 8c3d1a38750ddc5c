using System.Globalization;
using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Aggregator.WebSub;

/// <summary>
/// The subscriber's callback, GET /websub/{outlet}/{token} (intent verification, WebSub §5.3) and
/// POST /websub/{outlet}/{token} (content distribution, §7). The only endpoints that take input: a
/// verification is answered only at the callback of a pending request (its token), and a push is
/// believed only with a valid HMAC signature made with the secret we gave the hub.
/// </summary>
public static class WebSubCallbackEndpoints
{
    /// <summary>The largest push taken: Kestrel's server-wide limit (16 KB, for readers) is raised to it on the push endpoints only.</summary>
    public const long MaxPushBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapWebSubCallbacks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/websub/{outletId}/{token}", VerifyAsync);
        // The callback without a token was the only one before tokens: no verification is answered
        // there any more (anyone could), but a hub subscribed then still pushes there, signed.
        routes.MapGet("/websub/{outletId}", () => Results.NotFound());
        routes.MapPost("/websub/{outletId}/{token}", ReceiveAsync);
        routes.MapPost("/websub/{outletId}", (string outletId, HttpRequest request, IOutletCatalog catalog, IAggregatorStore store,
            OutletRefresher refresher, PushRefusals refusals, CancellationToken ct) =>
            ReceiveAsync(outletId, null, request, catalog, store, refresher, refusals, ct));
        return routes;
    }

    private static async Task<IResult> VerifyAsync(
        string outletId, string token, HttpRequest request, PendingSubscriptions pending, IAggregatorStore store, TimeProvider time,
        SubscriptionFailures failures, CancellationToken ct)
    {
        var mode = request.Query["hub.mode"].ToString();
        var challenge = request.Query["hub.challenge"].ToString();
        if (mode == "denied")
        {
            return Results.Ok();
        }
        if (mode != "subscribe" || challenge.Length == 0 || challenge.Length > 1024
            || pending.Confirm(outletId, token, request.Query["hub.topic"].ToString()) is not { } confirmed)
        {
            // Not a subscription we asked for: refusing the challenge tells the hub so.
            return Results.NotFound();
        }
        var lease = long.TryParse(request.Query["hub.lease_seconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)WebSubSubscriber.Lease.TotalSeconds * 10))
            : WebSubSubscriber.Lease;
        // What is stored is when to renew: a day before the lease ends, or halfway through a short one.
        var margin = lease / 2 < TimeSpan.FromDays(1) ? lease / 2 : TimeSpan.FromDays(1);
        await store.SetSubscriptionAsync(outletId, confirmed.Secret, time.GetUtcNow() + lease - margin, ct);
        // A confirmed subscription ends the outlet's WebSub warning in /healthz and its note in `status`.
        failures.Clear(outletId);
        await store.SetSettingAsync(WebSubSubscriber.FailureKey(outletId), "", ct);
        return Results.Text(challenge, "text/plain");
    }

    /// <param name="token">Null on the tokenless callback of subscriptions made before tokens; the signature still decides.</param>
    private static async Task<IResult> ReceiveAsync(
        string outletId, string? token, HttpRequest request, IOutletCatalog catalog, IAggregatorStore store, OutletRefresher refresher,
        PushRefusals refusals, CancellationToken ct)
    {
        if (catalog.Find(outletId) is not { Enabled: true } outlet)
        {
            await refusals.RefusedAsync(null, PushRefusals.UnknownSubscription, ct);
            return Results.NotFound();
        }
        if (await store.GetOutletAsync(outletId, ct) is not { WebSubSecret: { } secret, WebSubTopic: { } topic }
            || (token is not null && !CallbackToken.Matches(token, secret)))
        {
            await refusals.RefusedAsync(outlet.Id, PushRefusals.UnknownSubscription, ct);
            return Results.NotFound();
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A feed pushed whole is far above the 16 KB every other endpoint takes.
            limit.MaxRequestBodySize = MaxPushBytes;
        }
        if (request.ContentLength > MaxPushBytes)
        {
            await refusals.RefusedAsync(outlet.Id, PushRefusals.TooLarge, ct);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked push names no length: Kestrel stops it at the limit set above.
            await refusals.RefusedAsync(outlet.Id, PushRefusals.TooLarge, ct);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (buffer.Length > MaxPushBytes)
        {
            await refusals.RefusedAsync(outlet.Id, PushRefusals.TooLarge, ct);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var body = buffer.ToArray();
        if (!HubSignature.IsValid(request.Headers["X-Hub-Signature"].ToString(), body, secret))
        {
            // WebSub §8: a bad signature is ignored, but still acknowledged, so a forger learns nothing.
            await refusals.RefusedAsync(outlet.Id, PushRefusals.BadSignature, ct);
            return Results.Accepted();
        }
        await refresher.IngestPushedAsync(outlet, body, request.ContentType, Fetch.SafeUrl.WithoutUserInfo(topic), ct);
        return Results.Accepted();
    }
}
