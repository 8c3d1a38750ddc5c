using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Aggregator.Tests.Fixtures;
using Npgsql;

namespace Aggregator.Tests.Scheduling;

/// <summary>
/// Three real worker processes sharing one PostgreSQL database and Quartz's clustered job store,
/// polling 300 outlets of a local outlet server that counts and times every request: each outlet
/// is fetched once per interval (never by two workers for one firing, never skipped), a SIGKILLed
/// worker's outlets go on being polled by the others, no article is stored twice, and every
/// surviving worker serves the same feeds.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ClusteredWorkersTests : IAsyncLifetime, IDisposable
{
    private const int Outlets = 300;
    private const int ItemsAtMost = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly TempFolder _folder = new();
    private readonly ConcurrentDictionary<int, int> _fetches = new();
    private readonly ConcurrentDictionary<string, byte> _served = new(StringComparer.Ordinal);
    private readonly List<AggregatorProcess> _workers = [];
    private OutletServer? _outlets;

    public async Task InitializeAsync()
    {
        _outlets = await OutletServer.StartAsync(_folder.Path);
        _outlets.Dynamic = FeedOf;
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
        if (_outlets is not null)
        {
            await _outlets.DisposeAsync();
        }
    }

    // After DisposeAsync: the workers and the outlet server are gone before their folder.
    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ThreeWorkers_ShareTheOutlets_SurviveAKill_AndStoreEachArticleOnce()
    {
        var store = await (await PostgresServer.Shared).CreateDatabaseAsync(pooled: true);
        var config = Path.Combine(_folder.Path, "feeds.json");
        await File.WriteAllTextAsync(config, FeedsJson());
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToList();
        var started = DateTimeOffset.UtcNow;
        foreach (var (port, i) in ports.Select((p, i) => (p, i)))
        {
            _workers.Add(AggregatorProcess.Start("run", "--config", config, "--data", Path.Combine(_folder.Path, $"data{i}"),
                "--store", store, "--urls", $"http://127.0.0.1:{port}"));
        }
        // A request's own bound only ends a hang: three workers and a cluster on a busy 2-core machine answer slowly.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        foreach (var port in ports)
        {
            await WaitHealthyAsync(http, port);
        }

        // Every outlet's first firing falls inside one interval; then three more intervals of steady polling.
        await Task.Delay(Interval * 4);
        var killedAt = DateTimeOffset.UtcNow;
        await _workers[0].KillAsync();
        // Polls in flight on the dead worker are recovered after its missed check-in (15 s); the rest never belonged to it.
        await Task.Delay(Interval + TimeSpan.FromSeconds(30));
        var endedAt = DateTimeOffset.UtcNow;
        foreach (var survivor in _workers.Skip(1).Where(w => w.HasExited))
        {
            var (code, output, error) = await survivor.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Fail($"a surviving worker exited with {code}: {error} {output[^Math.Min(3000, output.Length)..]}");
        }

        var fetches = FeedFetches();
        Assert.Equal(Outlets, fetches.Count);
        foreach (var (outlet, times) in fetches)
        {
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            // Never twice for one firing: two workers fetching one outlet would be milliseconds apart.
            Assert.All(gaps, gap => Assert.True(gap > Interval / 2,
                $"outlet {outlet} fetched twice within {gap.TotalSeconds:F1} s; fetched at {string.Join(", ", times.Select(t => $"{(t - started).TotalSeconds:F2}"))} s, worker killed at {(killedAt - started).TotalSeconds:F2} s"));
            // Never skipped before the kill, and taken over within 30 s of it.
            var beforeKill = times.Where(t => t < killedAt).ToList();
            Assert.All(beforeKill.Zip(beforeKill.Skip(1), (a, b) => b - a),
                gap => Assert.True(gap < Interval * 2, $"outlet {outlet} went {gap.TotalSeconds:F1} s without a poll"));
            Assert.True(times.Any(t => t > killedAt && t <= killedAt + Interval + TimeSpan.FromSeconds(30)),
                $"outlet {outlet} was not polled in the {(Interval + TimeSpan.FromSeconds(30)).TotalSeconds} s after a worker died");
            Assert.InRange(times.Count, (int)((endedAt - started) / Interval) - 3, (int)((endedAt - started) / Interval) + 1);
        }

        // Each served article is stored exactly once, whichever worker polled it.
        await using (var connection = new NpgsqlConnection(store))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT canonical_url FROM articles;", connection);
            var stored = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
            Assert.Equal(stored.Count, stored.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(_served.Keys.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }

        // Every worker serves the same topic feed from the shared store.
        var survivors = ports.Skip(1).ToList();
        var feeds = new List<string[]>();
        foreach (var port in survivors)
        {
            using var feed = await http.GetFromJsonAsync<JsonDocument>(new Uri($"http://127.0.0.1:{port}/feeds/reports.json"));
            feeds.Add(feed!.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray());
        }
        Assert.NotEmpty(feeds[0]);
        Assert.Equal(feeds[0], feeds[1]);

        // The work was shared: every worker polled outlets.
        var polledBy = new List<int>();
        foreach (var worker in _workers.Skip(1))
        {
            worker.Signal("TERM");
            var (exitCode, output, _) = await worker.WaitAsync(WaitFor.Hang);
            Assert.Equal(0, exitCode);
            polledBy.Add(output.Split('\n').Count(l => l.Contains("Polled o", StringComparison.Ordinal)));
        }
        Assert.All(polledBy, count => Assert.True(count > Outlets / 10, $"a worker polled only {count} times: {string.Join(", ", polledBy)}"));
    }

    /// <summary>Outlet i's feed grows by one article per fetch up to <see cref="ItemsAtMost"/>, then stays the same (and answers 304).</summary>
    private string? FeedOf(string path)
    {
        if (!path.StartsWith("/o/", StringComparison.Ordinal) || !int.TryParse(path.AsSpan(3, path.Length - 7), out var outlet))
        {
            return null;
        }
        var fetch = _fetches.AddOrUpdate(outlet, 1, (_, n) => n + 1);
        var items = string.Concat(Enumerable.Range(0, Math.Min(fetch, ItemsAtMost)).Select(k =>
        {
            var link = $"https://outlet{outlet}.example/report-{k}";
            _served.TryAdd(link, 0);
            return $"<item><title>Report {k} of outlet {outlet} on the coup, filed as {outlet * 7919 + k}</title><link>{link}</link>" +
                $"<pubDate>{new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(outlet * 10 + k):R}</pubDate></item>";
        }));
        return $"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet {outlet}</title><link>https://outlet{outlet}.example/</link>{items}</channel></rss>";
    }

    private Dictionary<int, List<DateTimeOffset>> FeedFetches() =>
        _outlets!.Requests
            .Where(r => r.Path.StartsWith("/o/", StringComparison.Ordinal))
            .GroupBy(r => int.Parse(r.Path.AsSpan(3, r.Path.Length - 7), System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(r => r.At).Order().ToList());

    private string FeedsJson() => JsonSerializer.Serialize(new
    {
        defaults = new { interval = $"{Interval.TotalSeconds}s", allowPrivateNetworks = true },
        topics = new[] { new { id = "reports", title = "Reports", include = new[] { "coup" } } },
        outlets = Enumerable.Range(0, Outlets).Select(i => new { id = $"o{i}", url = _outlets!.Url($"o/{i}.rss").AbsoluteUri }),
    });

    private async Task WaitHealthyAsync(HttpClient http, int port)
    {
        _ = await WaitFor.StateAsync($"worker on port {port}'s /healthz", async () =>
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                return response.IsSuccessStatusCode ? response : null;
            }, async () => _workers.FirstOrDefault(w => w.HasExited) is { } exited ? await WaitFor.Exited(exited)() : null);
    }
    }
