using System.Text.Json;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Store;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Hosting;

/// <summary>Reloads without a signal: an edit seen by a real worker in this process, and a store that does not let a reload finish.</summary>
public sealed class ConfigReloaderTests
{
    private const string NewTopic = """{ "id": "haiti", "title": "Haiti", "include": ["haiti"] },""";

    [Fact]
    public async Task EditOfFeedsJson_OnARealWorker_ShowsInHealthzConfigLastReload_AndServesTheNewTopic()
    {
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();
        var log = new CapturedLog();
        await using var app = await StartWorkerAsync(world, port, log);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var before = await WaitFor.BodyAsync(http, "/healthz", _ => true);
            Assert.Equal(JsonValueKind.Null, Config(before).GetProperty("lastReload").ValueKind);

            await File.WriteAllTextAsync(world.ConfigPath, WithNewTopic(await File.ReadAllTextAsync(world.ConfigPath)));

            // The worker's own watcher (or its periodic content check) takes the edit; nothing here calls a reload.
            var after = await WaitFor.BodyAsync(http, "/healthz", body => Config(body).GetProperty("lastReload").ValueKind == JsonValueKind.String);
            Assert.Equal("valid", Config(after).GetProperty("state").GetString());
            Assert.Contains(log.Lines, l => l.StartsWith("Information: Reloaded ", StringComparison.Ordinal));
            using var feed = await http.GetAsync(new Uri("/feeds/haiti.atom", UriKind.Relative));
            Assert.True(feed.IsSuccessStatusCode, $"the reloaded topic is not served: {(int)feed.StatusCode}");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Reload_WhileAnotherProcessHoldsTheStore_PastTheBound_SaysSoInOneLine_AndKeepsTheRunningConfig()
    {
        await using var world = await OutletsWorld.StartAsync();
        var paths = new AggregatorPaths(world.ConfigPath, world.DataPath);
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CapturedLog();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(log))
            .AddSingleton<TimeProvider>(time)
            .AddAggregatorPipeline(paths, snapshot)
            .AddSingleton<ConfigStatus>()
            .BuildServiceProvider();
        await services.GetRequiredService<IAggregatorStore>().MigrateAsync(CancellationToken.None);
        var active = services.GetRequiredService<ActiveConfig>();
        var status = services.GetRequiredService<ConfigStatus>();
        var reloader = ActivatorUtilities.CreateInstance<ConfigReloader>(services);
        await File.WriteAllTextAsync(world.ConfigPath, WithNewTopic(await File.ReadAllTextAsync(world.ConfigPath)));

        // New topic rules re-match every stored article, which needs the database's write lock: another process holds it.
        await using (var holder = new SqliteConnection($"Data Source={paths.DatabasePath};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            var reload = reloader.ReloadAsync(CancellationToken.None);
            while (!reload.IsCompleted)
            {
                time.Advance(ConfigReloader.StoreBound);
                await Task.Delay(50);
            }
            await reload;
        }

        Assert.Same(snapshot, active.Current);
        Assert.False(status.IsValid);
        var problem = Assert.Single(status.Problems).ToString();
        Assert.Contains("not applied: the store did not finish syncing topic memberships within", problem, StringComparison.Ordinal);
        var error = Assert.Single(log.Lines, l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Contains("the last valid configuration keeps running", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);

        // Once the store is free, the same edit applies.
        await reloader.ReloadAsync(CancellationToken.None);
        Assert.True(status.IsValid);
        Assert.Contains(active.Topics, t => t.Id == "haiti");
    }

    [Fact]
    public async Task GarbageSavedOverFeedsJson_OnARealWorker_IsRefusedNamingTheFile_AndTheRunningConfigKeepsServing()
    {
        await using var world = await OutletsWorld.StartAsync();
        var valid = await File.ReadAllBytesAsync(world.ConfigPath);
        var random = new Random(20261206);
        var binary = new byte[4096];
        random.NextBytes(binary);
        var garbage = new (string Kind, byte[] Bytes)[]
        {
            ("truncated", valid[..(valid.Length / 2)]),
            ("binary", binary),
            ("empty", []),
            ("over the bound", new byte[ConfigLoader.MaxBytes + 1024]),
        };
        var port = FreePort.Next();
        var log = new CapturedLog();
        await using var app = await StartWorkerAsync(world, port, log);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await WaitFor.BodyAsync(http, "/healthz", body => Config(body).GetProperty("state").GetString() == "valid");
            foreach (var (kind, bytes) in garbage)
            {
                await File.WriteAllBytesAsync(world.ConfigPath, bytes);

                var refused = await WaitFor.BodyAsync(http, "/healthz",
                    body => Config(body).GetProperty("state").GetString()!.StartsWith("invalid", StringComparison.Ordinal), awaited: $"{kind} refused");
                var problems = Config(refused).GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
                Assert.NotEmpty(problems);
                Assert.All(problems, p => Assert.Contains(world.ConfigPath, p, StringComparison.Ordinal));
                Assert.Contains(log.Lines, l => l.StartsWith($"Error: Refused the edit of {world.ConfigPath}", StringComparison.Ordinal));
                Assert.All(log.Lines, l => Assert.DoesNotContain('\n', l));
                using (var feed = await http.GetAsync(new Uri("/feeds/venezuela.atom", UriKind.Relative)))
                {
                    Assert.True(feed.IsSuccessStatusCode, $"after {kind}: the running configuration's topic is not served: {(int)feed.StatusCode}");
                }

                // Put right, the file is taken again.
                await File.WriteAllBytesAsync(world.ConfigPath, valid);
                await WaitFor.BodyAsync(http, "/healthz", body => Config(body).GetProperty("state").GetString() == "valid", awaited: $"valid again after {kind}");
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string WithNewTopic(string config) => config.Replace("\"topics\": [", "\"topics\": [" + NewTopic, StringComparison.Ordinal);

    private static JsonElement Config(string health) => JsonDocument.Parse(health).RootElement.GetProperty("config").Clone();

    /// <summary>The worker as `run` composes it, in this process, on 127.0.0.1.</summary>
    private static async Task<WebApplication> StartWorkerAsync(OutletsWorld world, int port, CapturedLog log)
    {
        var paths = new AggregatorPaths(world.ConfigPath, world.DataPath);
        var snapshot = ConfigSnapshot.From(ConfigLoader.Load(world.ConfigPath).Config!, world.ConfigPath);
        return await InProcessWorker.StartAsync(paths, snapshot, port, log);
    }
}
