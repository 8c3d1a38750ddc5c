using System.Net;
using System.Text;
using Aggregator.Observability;
using Aggregator.Store.Sqlite;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Aggregator.WebSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PushedOutlet = Aggregator.Tests.Hostile.FetchAndWebSubAttackTests.PushedOutlet;
using Pushes = Aggregator.Tests.Hostile.FetchAndWebSubAttackTests;

namespace Aggregator.Tests.WebSub;

/// <summary>
/// Pushes the callback does not take, and a pushed entry older than the stored article, through `run` with a hub on
/// loopback: each is counted by its reason on /metrics and shown by `explain OUTLET`; the log says it once a minute at most.
/// </summary>
public sealed class PushRefusalsTests
{
    [Fact]
    public async Task PushesWithAWrongSignature_AnUnknownToken_OrOverTheLimit_AreCountedByReason_AndExplained()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        await pushed.VerifyAsync();
        var (_, callback, secret) = pushed.Subscription;
        var body = Pushes.Atom(pushed.Hub, pushed.Topic, padding: 1, ("urn:story:1", "2025-01-02T10:00:00Z", "FORGED"));

        var forged = await Pushes.PushAsync(pushed.Worker.Http, callback, "not-the-secret", body);
        var guessed = await Pushes.PushAsync(pushed.Worker.Http, new Uri(callback, "/websub/pushed/" + new string('0', 32)), secret, body);
        var oversized = await OversizedPushAsync(pushed.Worker.Http, callback);
        var metrics = await WaitFor.BodyAsync(pushed.Worker.Http, "/metrics",
            m => m.Contains("aggregator_websub_pushes_refused_total{reason=\"too_large\"}", StringComparison.Ordinal), awaited: "the refused push's count");
        var all = await pushed.Worker.Http.GetStringAsync(new Uri("/feeds/all.json", UriKind.Relative));
        var explain = await CliRunner.RunAsync(pushed.World.Args("explain", "pushed"));

        Assert.Equal(HttpStatusCode.Accepted, forged);
        Assert.Equal(HttpStatusCode.NotFound, guessed);
        Assert.True(oversized is null or HttpStatusCode.RequestEntityTooLarge, $"an oversized push answered {oversized}");
        Assert.DoesNotContain("FORGED", all, StringComparison.Ordinal);
        Assert.Contains("aggregator_websub_pushes_refused_total{reason=\"bad_signature\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_websub_pushes_refused_total{reason=\"unknown_subscription\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_websub_pushes_refused_total{reason=\"too_large\"} 1", metrics, StringComparison.Ordinal);
        // The first refusal of a minute is written down at once, the rest with the next line a minute on (the metrics have each).
        Assert.Contains(explain.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^pushed: websub: \d+ push(es)? refused since \S+Z \((\d+ [a-z_]+, )*\d+ bad_signature(, \d+ [a-z_]+)*\), as of \S+Z$"));
    }

    [Fact]
    public async Task APushedEntryOlderThanTheStoredArticle_IsCountedAsStale_AndExplained()
    {
        await using var pushed = await PushedOutlet.StartAsync();
        await pushed.VerifyAsync();
        var (_, callback, secret) = pushed.Subscription;
        var newer = Pushes.Atom(pushed.Hub, pushed.Topic, padding: 1, ("urn:story:1", "2025-01-02T10:00:00Z", "SECOND-VERSION"));
        var older = Pushes.Atom(pushed.Hub, pushed.Topic, padding: 1, ("urn:story:1", "2025-01-01T10:00:00Z", "FIRST-VERSION"));

        Assert.Equal(HttpStatusCode.Accepted, await Pushes.PushAsync(pushed.Worker.Http, callback, secret, newer));
        Assert.Equal(HttpStatusCode.Accepted, await Pushes.PushAsync(pushed.Worker.Http, callback, secret, older));
        var metrics = await WaitFor.BodyAsync(pushed.Worker.Http, "/metrics",
            m => m.Contains("aggregator_entries_dropped_total{reason=\"stale\"}", StringComparison.Ordinal), awaited: "the stale entry's count");
        var explain = await CliRunner.RunAsync(pushed.World.Args("explain", "pushed"));

        Assert.Contains("aggregator_entries_dropped_total{reason=\"stale\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains(explain.Lines, l => l.StartsWith(
            "pushed: websub: 1 pushed entry older than the stored article not applied (a replayed push cannot roll an article back) [reason: stale] at ",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFloodOfRefusals_IsLoggedOnceAMinute_WithWhatTheMinuteHeld()
    {
        using var folder = new TempFolder();
        using var store = new SqliteStore(folder.File("aggregator.db"));
        await store.MigrateAsync(CancellationToken.None);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        using var log = new CapturedLog();
        using var services = new ServiceCollection().AddObservability().BuildServiceProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var exporter = services.GetRequiredService<PrometheusExporter>();
        var refusals = new PushRefusals(services.GetRequiredService<AggregatorMetrics>(), store, time, loggers.CreateLogger<PushRefusals>());

        for (var i = 0; i < 500; i++)
        {
            await refusals.RefusedAsync("flooded", i % 5 == 0 ? PushRefusals.TooLarge : PushRefusals.BadSignature, CancellationToken.None);
            await refusals.RefusedAsync(null, PushRefusals.UnknownSubscription, CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        var linesInTheFirstMinute = log.Lines.Count;
        time.Advance(TimeSpan.FromMinutes(1));
        await refusals.RefusedAsync("flooded", PushRefusals.BadSignature, CancellationToken.None);
        var note = await store.GetSettingAsync(OutletNotes.Key("flooded", OutletNotes.PushesRefused), CancellationToken.None);
        var scrape = exporter.Scrape().Split('\n');

        // 50 seconds of refusals: one line for the outlet, one for the ids feeds.json does not have.
        Assert.Equal(2, linesInTheFirstMinute);
        var last = log.Lines[^1];
        Assert.Contains("refused pushes for flooded: 501 pushes refused since 2026-12-07T12:00:00Z (401 bad_signature, 100 too_large), as of 2026-12-07T12:01:50Z", last, StringComparison.Ordinal);
        Assert.Equal("websub: 501 pushes refused since 2026-12-07T12:00:00Z (401 bad_signature, 100 too_large), as of 2026-12-07T12:01:50Z", note);
        Assert.Contains("aggregator_websub_pushes_refused_total{reason=\"bad_signature\"} 401", scrape);
        Assert.Contains("aggregator_websub_pushes_refused_total{reason=\"unknown_subscription\"} 500", scrape);
    }

    /// <summary>A push that names a body over the limit: the callback answers 413 without reading it, or the connection ends.</summary>
    private static async Task<HttpStatusCode?> OversizedPushAsync(HttpClient http, Uri callback)
    {
        using var content = new ByteArrayContent(new byte[(int)WebSubCallbackEndpoints.MaxPushBytes + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/atom+xml");
        try
        {
            using var response = await http.PostAsync(callback, content);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection under a body it will not read: the refusal is counted all the same.
            return null;
        }
    }
}
