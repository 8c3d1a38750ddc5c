using System.Collections.Concurrent;
using Aggregator.Fetch;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// The outlet clients keep a connection for one poll's requests to a host and let it go soon after, so it dies
/// young instead of waiting in the pool to be promoted and dropped (bench/alloc-profile.md, h48a).
/// </summary>
public sealed class ConnectionPoolingTests
{
    [Fact]
    public async Task Fetches_OneAfterAnother_ShareOneConnection()
    {
        var connections = new ConcurrentQueue<string>();
        await using var site = await ConnectionEchoAsync(connections);
        // An idle timeout no stall of a loaded machine reaches: with the default 5 s, a pause that long between two
        // fetches opened a second connection and failed the test for a reason it does not test.
        using var services = new ServiceCollection()
            .AddFetching(new FetchOptions { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
            .BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        for (int i = 0; i < 3; i++)
        {
            var result = await fetcher.FetchAsync(new FetchRequest(new Uri(site.Address, $"/page/{i}")), CancellationToken.None);
            Assert.Equal(FetchResultKind.Ok, result.Kind);
        }

        Assert.Equal(3, connections.Count);
        Assert.Single(connections.Distinct());
    }

    [Fact]
    public async Task Fetch_AfterTheIdleTimeout_OpensANewConnection()
    {
        var connections = new ConcurrentQueue<string>();
        await using var site = await ConnectionEchoAsync(connections);
        var options = new FetchOptions { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1) };
        using var services = new ServiceCollection().AddFetching(options).BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        var first = await fetcher.FetchAsync(new FetchRequest(new Uri(site.Address, "/page/before")), CancellationToken.None);
        // Waiting is the point. The handler closes idle connections from a timer, not when one is asked for, so
        // a connection idle past the timeout is gone by the timer's next pass, within a second timeout.
        await Task.Delay(2 * options.PooledConnectionIdleTimeout + TimeSpan.FromSeconds(1));
        var second = await fetcher.FetchAsync(new FetchRequest(new Uri(site.Address, "/page/after")), CancellationToken.None);

        Assert.Equal(FetchResultKind.Ok, first.Kind);
        Assert.Equal(FetchResultKind.Ok, second.Kind);
        Assert.Equal(2, connections.Count);
        Assert.Equal(2, connections.Distinct().Count());
    }

    /// <summary>A page that records which connection asked for it.</summary>
    private static Task<LoopbackApp> ConnectionEchoAsync(ConcurrentQueue<string> connections) =>
        LoopbackApp.StartAsync(app => app.MapGet("/page/{name}", (HttpContext context, string name) =>
        {
            connections.Enqueue(context.Connection.Id);
            return Results.Text($"<html><body><p>{name}</p></body></html>", "text/html");
        }));
}
