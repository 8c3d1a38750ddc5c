using Aggregator.Hosting;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Hosting;

/// <summary>
/// Issue 23: Kestrel runs requests inline on the thread that completed their socket operation. That must not let a
/// handler that blocks its thread (a store read does) stall the other connections, and a response larger than a
/// connection block must still arrive whole.
/// </summary>
public sealed class InlineConnectionSchedulingTests
{
    [Fact]
    public void Worker_RegistersInlineScheduling()
    {
        var services = new ServiceCollection();

        services.AddInlineConnectionScheduling();

        using var provider = services.BuildServiceProvider();
        Assert.True(provider.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }

    [Fact]
    public async Task BlockedHandlers_DoNotHoldUpOtherConnections()
    {
        // Several blocks long and not a repeating pattern, so a block sent twice or out of order shows in the bytes.
        var body = new byte[HeapBlockMemoryPool.BlockSize * 3 + 1_234];
        new Random(23).NextBytes(body);
        // More blocked handlers than cores, so no thread the runtime started with is left free by chance.
        var blocked = Environment.ProcessorCount + 2;
        using var entered = new SemaphoreSlim(0);
        using var gate = new ManualResetEventSlim();
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var server = await LoopbackApp.StartAsync(
            services => services.AddHeapConnectionBuffers().AddInlineConnectionScheduling(),
            app =>
            {
                app.MapGet("/block", () =>
                {
                    entered.Release();
                    // Synchronous on purpose: what a blocking store read does to the thread it runs on.
                    gate.Wait(hang.Token);
                    return "released";
                });
                app.MapGet("/feed", (HttpContext context) => context.Response.Body.WriteAsync(body).AsTask());
            });
        using var http = new HttpClient { BaseAddress = server.Address };

        var blockedRequests = Enumerable.Range(0, blocked).Select(_ => http.GetStringAsync(new Uri("/block", UriKind.Relative), hang.Token)).ToList();
        for (var i = 0; i < blocked; i++)
        {
            await entered.WaitAsync(hang.Token);
        }
        var served = new List<byte[]>();
        for (var i = 0; i < 10; i++)
        {
            served.Add(await http.GetByteArrayAsync(new Uri("/feed", UriKind.Relative), hang.Token));
        }
        var stillBlocked = blockedRequests.Count(r => !r.IsCompleted);
        gate.Set();
        var released = await Task.WhenAll(blockedRequests);

        Assert.Equal(blocked, stillBlocked);
        Assert.All(served, s => Assert.Equal(body, s));
        Assert.All(released, r => Assert.Equal("released", r));
    }
}
