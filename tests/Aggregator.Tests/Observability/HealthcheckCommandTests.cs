using Aggregator.Tests.Fixtures;
using System.CommandLine;
using Aggregator.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Observability;

/// <summary>`healthcheck` against a real Kestrel server answering /healthz.</summary>
public sealed class HealthcheckCommandTests
{
    [Fact]
    public async Task Healthcheck_Healthz200_ExitsZeroWithOneLine()
    {
        await using var server = await HealthzAsync(StatusCodes.Status200OK, "ok");

        var (exit, output) = await RunAsync("healthcheck", "--urls", server.Address.ToString());

        Assert.Equal(0, exit);
        Assert.Equal($"healthy: 200 ok {server.Address}healthz\n", output);
    }

    [Fact]
    public async Task Healthcheck_Healthz503_ExitsOne()
    {
        await using var server = await HealthzAsync(StatusCodes.Status503ServiceUnavailable, "unhealthy");

        var (exit, output) = await RunAsync("healthcheck", "--urls", server.Address.ToString());

        Assert.Equal(1, exit);
        Assert.StartsWith("unhealthy: 503 unhealthy ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_WildcardListenAddress_AsksLoopbackOnThatPort()
    {
        await using var server = await HealthzAsync(StatusCodes.Status200OK, "degraded");

        var (exit, output) = await RunAsync("--urls", $"http://0.0.0.0:{server.Address.Port}", "healthcheck");

        Assert.Equal(0, exit);
        Assert.Equal($"healthy: 200 degraded http://127.0.0.1:{server.Address.Port}/healthz\n", output);
    }

    [Fact]
    public async Task Healthcheck_NobodyListening_ExitsOneAndSaysWhy()
    {
        var port = Fixtures.FreePort.Next();

        var (exit, output) = await RunAsync("healthcheck", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, exit);
        Assert.StartsWith($"unhealthy: http://127.0.0.1:{port}/healthz: ", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Healthcheck_NoAnswerWithinFiveSeconds_ExitsOne()
    {
        await using var server = await LoopbackApp.StartAsync(
            _ => { },
            app => app.MapGet("/healthz", async (CancellationToken aborted) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), aborted);
                return Results.Ok();
            }));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (exit, output) = await RunAsync("healthcheck", "--urls", server.Address.ToString());

        Assert.Equal(1, exit);
        Assert.Equal($"unhealthy: {server.Address}healthz: no answer within 5 s\n", output);
        Assert.InRange(clock.Elapsed.TotalSeconds, 4.5, 15);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("http://[::]:9000", "http://127.0.0.1:9000/healthz")]
    [InlineData("http://+:80", "http://127.0.0.1/healthz")]
    [InlineData("http://*:5000;https://*:5001", "http://127.0.0.1:5000/healthz")]
    [InlineData("http://localhost:8080", "http://localhost:8080/healthz")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/healthz")]
    [InlineData("http://unix:/run/aggregator.sock;http://127.0.0.1:7000", "http://127.0.0.1:7000/healthz")]
    public void HealthUrl_MapsListenAddressToTheOneToQuery(string urls, string expected)
    {
        Assert.Equal(new Uri(expected), HealthcheckCommand.HealthUrl(urls));
    }

    [Fact]
    public void HealthUrl_OnlyDynamicPort_HasNothingToQuery()
    {
        Assert.Null(HealthcheckCommand.HealthUrl("http://127.0.0.1:0"));
    }

    private static Task<LoopbackApp> HealthzAsync(int status, string state) => LoopbackApp.StartAsync(
        _ => { },
        app => app.MapGet("/healthz", () => Results.Json(new Dictionary<string, string> { ["status"] = state }, statusCode: status)));

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        // The root the lead builds carries --urls the same way (AggregatorCli).
        var root = new RootCommand { RunCommand.Urls, HealthcheckCommand.Create() };
        using var output = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }
}
