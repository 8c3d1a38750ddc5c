using System.Net;
using System.Text.Json;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Cli;

/// <summary>Editing feeds.json under a running worker: applied within seconds, or refused with every problem.</summary>
public sealed class ReloadTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ValidEdit_NewOutletIsPolledAndNewTopicIsServed_WithoutRestart()
    {
        await using var world = await OutletsWorld.StartAsync();
        var original = await File.ReadAllTextAsync(world.ConfigPath);
        await File.WriteAllTextAsync(world.ConfigPath, original.Replace(
            $$"""{ "id": "marxist-com", "name": "In Defence of Marxism", "url": "{{world.Server.Url("marxist.atom")}}" },""", "", StringComparison.Ordinal));
        await using var worker = await RunningWorker.StartAsync(world);
        using (var before = await worker.Http.GetAsync(new Uri("/feeds/guaido.atom", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await File.WriteAllTextAsync(world.ConfigPath, original.Replace(
            "\"topics\": [",
            "\"topics\": [ { \"id\": \"guaido\", \"title\": \"Guaidó\", \"include\": [\"guaido\"] },", StringComparison.Ordinal));

        // Awaited as states, not within 20 s: a reload's poll on a loaded machine is late, not wrong.
        await WaitFor.UntilAsync("the outlet added by the edit polled", () => Task.FromResult(world.Server.RequestsTo("marxist.atom").Count > 0));
        await WaitFor.UntilAsync("the topic added by the edit served with its articles", async () =>
        {
            using var response = await worker.Http.GetAsync(new Uri("/feeds/guaido.atom", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadAsStringAsync()).Contains("Morocco recognises Guaidó", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task InvalidEdit_IsReportedInHealthz_AndTheLastValidConfigKeepsRunning()
    {
        await using var world = await OutletsWorld.StartAsync();
        await using var worker = await RunningWorker.StartAsync(world);

        await File.WriteAllTextAsync(world.ConfigPath, """
            {
              "outlets": [ { "id": "x", "url": "https://example.org/feed", "intervall": "5m" } ]
            }
            """);

        JsonElement config = default;
        await WaitFor.UntilAsync("the refused edit shown in /healthz", async () =>
        {
            using var response = await worker.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("config").Clone();
            return config.GetProperty("state").GetString()!.StartsWith("invalid", StringComparison.Ordinal);
        });
        var problem = Assert.Single(config.GetProperty("problems").EnumerateArray()).GetString()!;
        Assert.Matches(@"feeds\.json:2:\d+: outlets\[0\]\.intervall: ", problem);
        using var feed = await worker.Http.GetAsync(new Uri("/feeds/venezuela.atom", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);

        var status = await CliRunner.RunAsync(world.Args("status"));
        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith("CONFIG INVALID", status.Lines[0], StringComparison.Ordinal);
    }
}
