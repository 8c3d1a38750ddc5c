using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving every shape of answer the fetcher must survive:
/// validators and 304s, compressed bodies, oversized, endless and bomb bodies, a slow drip,
/// redirects, error statuses, rate limiting, a slow endpoint that measures concurrency, a body
/// sent in a few spaced chunks, and a server that never answers at all.
/// </summary>
public sealed class FetchTestServer : IAsyncLifetime
{
    public const string FeedETag = "\"coups-v1\"";
    public const string FeedLastModified = "Mon, 05 Aug 2024 10:00:00 GMT";
    public const string FeedContentType = "application/rss+xml; charset=utf-8";
    public const int OversizedBytes = 11 * 1024 * 1024;

    private const int Chunk = 64 * 1024;
    private static readonly byte[] Zeros = new byte[Chunk];

    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string? IfNoneMatch, string? IfModifiedSince)>> conditions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> maxInFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> encoded = new(StringComparer.Ordinal);
    private WebApplication? app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public byte[] Feed { get; } = File.ReadAllBytes(Path.Combine(TestPaths.TestData("fetch"), "coups.xml"));

    private int dripBytes;

    /// <summary>64 MiB of zeros gzipped to a few dozen KiB.</summary>
    public byte[] Bomb { get; } = Compress(new ZerosStream(64L * 1024 * 1024), s => new GZipStream(s, CompressionLevel.SmallestSize));

    public Uri Url(string pathAndQuery) => new(BaseUrl, pathAndQuery);

    /// <summary>Bytes /drip has sent so far, all requests together.</summary>
    public int DripBytes => Volatile.Read(ref dripBytes);

    public int Hits(string key) => hits.GetValueOrDefault(key);

    public IReadOnlyList<(string? IfNoneMatch, string? IfModifiedSince)> Conditions(string key) =>
        conditions.TryGetValue(key, out var queue) ? [.. queue] : [];

    public int MaxInFlight(string key) => maxInFlight.GetValueOrDefault(key);

    /// <summary>Returns once the key was asked for <paramref name="count"/> times, or gives up after a minute (the test then fails on what it sees).</summary>
    public async Task WaitForHitsAsync(string key, int count)
    {
        for (var i = 0; i < 6000 && Hits(key) < count; i++)
        {
            await Task.Delay(10);
        }
    }

    public async Task InitializeAsync()
    {
        encoded["gzip"] = Compress(new MemoryStream(Feed), s => new GZipStream(s, CompressionLevel.Optimal));
        encoded["br"] = Compress(new MemoryStream(Feed), s => new BrotliStream(s, CompressionLevel.Optimal));
        // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2), not raw DEFLATE.
        encoded["deflate"] = Compress(new MemoryStream(Feed), s => new ZLibStream(s, CompressionLevel.Optimal));
        // Servers send raw DEFLATE as "deflate" too.
        encoded["deflate-raw"] = Compress(new MemoryStream(Feed), s => new DeflateStream(s, CompressionLevel.Optimal));
        // Two gzip members (the feed split in two), and one followed by junk: both whole bodies GZipStream accepts.
        var half = Feed.Length / 2;
        encoded["gzip-members"] = [.. Compress(new MemoryStream(Feed[..half]), s => new GZipStream(s, CompressionLevel.Optimal)),
            .. Compress(new MemoryStream(Feed[half..]), s => new GZipStream(s, CompressionLevel.Optimal))];
        encoded["gzip-junk"] = [.. encoded["gzip"], .. "\r\n\0\0"u8];
        // Junk longer than any fixed tail of the wire: an error page a proxy appended, zeros, and more than the decoder's chunks.
        encoded["gzip-page-junk"] = [.. encoded["gzip"], .. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<html><body>502 Bad Gateway</body></html>\n", 100)))];
        encoded["gzip-zero-junk"] = [.. encoded["gzip"], .. new byte[1000]];
        encoded["gzip-members-junk"] = [.. encoded["gzip-members"], .. Enumerable.Range(0, 100_000).Select(i => (byte)('a' + i % 26))];
        // More junk than the fetcher reads to count it.
        encoded["gzip-endless-junk"] = [.. encoded["gzip"], .. Enumerable.Range(0, 300_000).Select(i => (byte)('a' + i % 26))];

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();

        app.MapGet("/feed/{key}", ServeFeed);
        app.MapGet("/echo", EchoHeaders);
        app.MapGet("/encoded/{encoding}", ServeEncoded);
        app.MapGet("/cut/{form}/{cut:int}/{length}", ServeCut);
        app.MapGet("/big", context => WriteZeros(context, OversizedBytes, announceLength: true));
        app.MapGet("/big-unannounced", context => WriteZeros(context, OversizedBytes, announceLength: false));
        // Bounded so a broken client cannot keep the test server busy forever.
        app.MapGet("/endless", context => WriteZeros(context, 512L * 1024 * 1024, announceLength: false));
        app.MapGet("/bomb", ServeBomb);
        app.MapGet("/drip", Drip);
        app.MapGet("/loop", context => Redirect(context, "/loop"));
        app.MapGet("/chain/{n:int}", Chain);
        app.MapGet("/status/{code:int}", context =>
        {
            context.Response.StatusCode = int.Parse((string)context.Request.RouteValues["code"]!, CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        app.MapGet("/ratelimited/{key}", context =>
        {
            Hit(context);
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        });
        app.MapGet("/unavailable/{key}", context =>
        {
            Hit(context);
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddMinutes(10).ToString("r", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        app.MapGet("/slow/{key}", Slow);
        app.MapGet("/trickle/{key}", Trickle);
        app.MapGet("/silent/{key}", Silent);

        await app.StartAsync();
        BaseUrl = new Uri(app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private void Hit(HttpContext context) => hits.AddOrUpdate((string)context.Request.RouteValues["key"]!, 1, (_, n) => n + 1);

    private Task ServeFeed(HttpContext context)
    {
        var key = (string)context.Request.RouteValues["key"]!;
        var request = context.Request.Headers;
        var ifNoneMatch = request.IfNoneMatch.Count > 0 ? request.IfNoneMatch.ToString() : null;
        var ifModifiedSince = request.IfModifiedSince.Count > 0 ? request.IfModifiedSince.ToString() : null;
        conditions.GetOrAdd(key, _ => new()).Enqueue((ifNoneMatch, ifModifiedSince));
        Hit(context);

        if (ifNoneMatch == FeedETag)
        {
            context.Response.StatusCode = 304;
            context.Response.Headers.ETag = FeedETag;
            return Task.CompletedTask;
        }

        if (ifModifiedSince == FeedLastModified)
        {
            // Some servers answer 304 with no validators at all.
            context.Response.StatusCode = 304;
            return Task.CompletedTask;
        }

        context.Response.Headers.ETag = FeedETag;
        context.Response.Headers.LastModified = FeedLastModified;
        context.Response.ContentType = FeedContentType;
        return context.Response.Body.WriteAsync(Feed).AsTask();
    }

    private static Task EchoHeaders(HttpContext context)
    {
        var lines = context.Request.Headers.Select(h => $"{h.Key}: {h.Value}");
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(string.Join('\n', lines));
    }

    private Task ServeEncoded(HttpContext context)
    {
        var encoding = (string)context.Request.RouteValues["encoding"]!;
        context.Response.Headers.ContentEncoding = encoding;
        context.Response.ContentType = FeedContentType;
        return context.Response.Body.WriteAsync(encoded[encoding]).AsTask();
    }

    /// <summary>The compressed form of the feed (a key of <see cref="Encoded"/>) as served under its Content-Encoding.</summary>
    public byte[] Encoded(string form) => encoded[form];

    /// <summary>
    /// The first <c>cut</c> bytes of a compressed form of the feed. length "cut" announces exactly what is
    /// sent, "chunked" announces nothing (both end cleanly at the HTTP level), "whole" announces the whole
    /// form and then drops the connection. A <c>?chunk=N</c> writes the body N bytes at a time, each flushed, so the
    /// client receives it in reads of about that size.
    /// </summary>
    private async Task ServeCut(HttpContext context)
    {
        var form = (string)context.Request.RouteValues["form"]!;
        var cut = int.Parse((string)context.Request.RouteValues["cut"]!, CultureInfo.InvariantCulture);
        var length = (string)context.Request.RouteValues["length"]!;
        var body = encoded[form];
        context.Response.Headers.ContentEncoding = form.StartsWith("gzip", StringComparison.Ordinal) ? "gzip" : form.StartsWith("deflate", StringComparison.Ordinal) ? "deflate" : form;
        context.Response.ContentType = FeedContentType;
        context.Response.ContentLength = length switch { "cut" => cut, "whole" => body.Length, _ => null };
        var chunk = int.TryParse(context.Request.Query["chunk"], CultureInfo.InvariantCulture, out var size) && size > 0 ? size : cut;
        for (var sent = 0; sent < cut; sent += chunk)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(sent, Math.Min(chunk, cut - sent)));
            if (chunk < cut)
            {
                await context.Response.Body.FlushAsync();
            }
        }

        if (length == "whole")
        {
            await context.Response.Body.FlushAsync();
            context.Abort();
        }
    }

    private Task ServeBomb(HttpContext context)
    {
        context.Response.Headers.ContentEncoding = "gzip";
        context.Response.ContentType = FeedContentType;
        return context.Response.Body.WriteAsync(Bomb).AsTask();
    }

    private static async Task WriteZeros(HttpContext context, long total, bool announceLength)
    {
        if (announceLength)
        {
            context.Response.ContentLength = total;
        }

        try
        {
            for (long sent = 0; sent < total; sent += Chunk)
            {
                await context.Response.Body.WriteAsync(Zeros.AsMemory(0, (int)Math.Min(Chunk, total - sent)), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client hung up at its limit: that is the point of this endpoint.
        }
    }

    private async Task Drip(HttpContext context)
    {
        context.Response.ContentType = FeedContentType;
        try
        {
            for (var i = 0; i < 50; i++)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                Interlocked.Increment(ref dripBytes);
                await Task.Delay(200, context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    private Task Chain(HttpContext context)
    {
        var n = int.Parse((string)context.Request.RouteValues["n"]!, CultureInfo.InvariantCulture);
        if (n > 0)
        {
            return Redirect(context, $"/chain/{n - 1}");
        }

        context.Response.ContentType = FeedContentType;
        return context.Response.Body.WriteAsync(Feed).AsTask();
    }

    private async Task Slow(HttpContext context)
    {
        var key = (string)context.Request.RouteValues["key"]!;
        var now = inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
        maxInFlight.AddOrUpdate(key, now, (_, max) => Math.Max(max, now));
        try
        {
            await Task.Delay(300, context.RequestAborted);
            await context.Response.WriteAsync("done", context.RequestAborted);
        }
        finally
        {
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
        }
    }

    /// <summary>The headers at once, then the feed in five parts 50 ms apart: a body that takes a while to read.</summary>
    private async Task Trickle(HttpContext context)
    {
        Hit(context);
        context.Response.ContentType = FeedContentType;
        context.Response.ContentLength = Feed.Length;
        var part = (Feed.Length + 4) / 5;
        for (var sent = 0; sent < Feed.Length; sent += part)
        {
            await context.Response.Body.WriteAsync(Feed.AsMemory(sent, Math.Min(part, Feed.Length - sent)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(50, context.RequestAborted);
        }
    }

    /// <summary>Takes the request and never answers, as a hung server does, until the client hangs up.</summary>
    private async Task Silent(HttpContext context)
    {
        Hit(context);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up: all this endpoint is for.
        }
    }

    private static byte[] Compress(Stream source, Func<Stream, Stream> encoder)
    {
        using var output = new MemoryStream();
        using (var compressor = encoder(output))
        {
            source.CopyTo(compressor);
        }

        source.Dispose();
        return output.ToArray();
    }
}
