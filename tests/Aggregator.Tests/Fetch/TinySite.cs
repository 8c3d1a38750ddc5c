using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering every request with one handler and noting each
/// arrival (Host header, path, server-side timestamp), so spacing is measured where it matters.
/// </summary>
internal sealed class TinySite : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Host, string Path, long Timestamp)> arrivals = new();
    private int inFlight;
    private int maxInFlight;

    private TinySite(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public IReadOnlyList<(string Host, string Path, long Timestamp)> Arrivals => [.. arrivals];

    public static async Task<TinySite> StartAsync(Func<HttpContext, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var site = new TinySite(builder.Build());
        site.app.Run(async context =>
        {
            site.arrivals.Enqueue((context.Request.Host.Host, context.Request.Path + context.Request.QueryString, Stopwatch.GetTimestamp()));
            var now = Interlocked.Increment(ref site.inFlight);
            InterlockedMax(ref site.maxInFlight, now);
            try
            {
                await handle(context);
            }
            finally
            {
                Interlocked.Decrement(ref site.inFlight);
            }
        });
        await site.app.StartAsync();
        site.Port = new Uri(site.app.Urls.First()).Port;
        return site;
    }

    public Uri Url(string pathAndQuery, string host = "127.0.0.1") => new($"http://{host}:{Port}{pathAndQuery}");

    public int Hits(string path) => arrivals.Count(a => a.Path == path);

    public static Task Redirect(HttpContext context, int status, string location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    public static Task Text(HttpContext context, string text, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
