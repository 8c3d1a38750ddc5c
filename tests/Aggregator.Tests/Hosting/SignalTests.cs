using System.Text.Json;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;

namespace Aggregator.Tests.Hosting;

/// <summary>The real worker as systemd runs it: SIGHUP reloads feeds.json, SIGTERM stops it cleanly, logs can be JSON.</summary>
public sealed class SignalTests
{
    /// <param name="underNohup">
    /// Started with SIGHUP ignored, as nohup leaves it: .NET keeps an inherited ignore, and this test failed in every CI
    /// rehearsal started under nohup (the worker dropped the SIGHUP without a word) while it passed where SIGHUP was not ignored.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    [Trait("Category", "Slow")]
    public async Task Sighup_Reloads_Sigterm_StopsWithExitZero_AndLogsAreJsonLines(bool underNohup)
    {
        await using var world = await OutletsWorld.StartAsync();
        var port = FreePort.Next();
        string[] arguments = ["run", .. world.Args(), "--urls", $"http://127.0.0.1:{port}", "--log-format", "json"];
        using var worker = underNohup ? AggregatorProcess.StartUnderNohup(arguments) : AggregatorProcess.Start(arguments);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitFor.BodyAsync(http, "/healthz", _ => true, WaitFor.Exited(worker));

        worker.Signal("HUP");
        // Until the reload has landed, not for a fixed time: it syncs topic memberships with a store that round 1 may be
        // writing to, and CI once sent TERM 1.5 s after HUP, before the reload had logged.
        try
        {
            await WaitFor.BodyAsync(http, "/healthz", body => body.Contains("\"lastReload\":\"", StringComparison.Ordinal), WaitFor.Exited(worker),
                "config.lastReload set, the reload the SIGHUP asked for");
        }
        catch (TimeoutException e)
        {
            // What the worker was doing instead of reloading: its log, which is otherwise lost with the process.
            worker.Signal("TERM");
            var (_, log, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            throw new TimeoutException($"{e.Message}; the worker's log ends: {log[^Math.Min(6000, log.Length)..]} {error[^Math.Min(2000, error.Length)..]}", e);
        }
        Assert.False(worker.HasExited, "SIGHUP must reload, not stop, the worker");
        worker.Signal("TERM");
        var (exit, output, _) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        var messages = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Message").GetString() ?? "").ToList();
        Assert.Contains(messages, m => m.StartsWith("Reloaded ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Polled ", StringComparison.Ordinal) || m.StartsWith("Scheduled ", StringComparison.Ordinal));
    }
}
