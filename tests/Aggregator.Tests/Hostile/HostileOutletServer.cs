using System.IO.Compression;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// An outlet server that sends what the web sends on a bad day, one hostile body per path under
/// /h/, next to healthy fixture feeds under /ok/. Large bodies are streamed, never held in memory.
/// </summary>
public sealed class HostileOutletServer : IAsyncDisposable
{
    public const string Secret = "SECRET-TOKEN-7f3a9c";
    private readonly byte[] _gzipBomb = GzipOfZeros(64 * 1024 * 1024);
    private LoopbackApp _app = null!;
    private int _secretHits;

    public Uri BaseUrl => _app.Address;

    public int SecretHits => _secretHits;

    /// <summary>Every hostile path, with what a poll of it must come to: "failed: REASON-PREFIX" or "any".</summary>
    public static IReadOnlyDictionary<string, string> Cases { get; } = new Dictionary<string, string>
    {
        ["billion-laughs.xml"] = "any",
        ["quadratic-blowup.xml"] = "any",
        ["xxe-file.xml"] = "any",
        ["xxe-http.xml"] = "any",
        ["huge-100mb.xml"] = "failed: fetch: body larger than",
        ["endless.xml"] = "failed: fetch: body larger than",
        ["gzip-bomb.xml"] = "failed: fetch: body larger than",
        ["slow-drip.xml"] = "failed: fetch: timed out",
        ["redirect-loop.xml"] = "failed: fetch: too many redirects",
        ["bad-encoding.xml"] = "ok",
        ["deep-nesting.xml"] = "any",
        ["million-items.xml"] = "failed: fetch: body larger than",
        ["empty.xml"] = "failed: parse: empty body",
        ["html-page.xml"] = "failed: parse:",
        ["image.xml"] = "failed: parse: not a feed",
        ["huge-line.xml"] = "ok",
        ["absurd-dates.xml"] = "ok",
    };

    public static async Task<HostileOutletServer> StartAsync()
    {
        var server = new HostileOutletServer();
        server._app = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/ok/{file}", (string file) =>
                Results.File(Path.Combine(TestPaths.TestData("outlets"), file), "application/xml"));
            app.MapGet("/h/secret", () =>
            {
                Interlocked.Increment(ref server._secretHits);
                return Results.Text(Secret);
            });
            app.MapGet("/h/{name}", server.ServeAsync);
        });
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    private async Task ServeAsync(string name, HttpContext context)
    {
        var response = context.Response;
        var ct = context.RequestAborted;
        response.ContentType = "application/rss+xml";
        switch (name)
        {
            case "billion-laughs.xml":
                await Write(response, """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title><link>https://laughs.example/1</link></item></channel></rss>""", ct);
                break;
            case "quadratic-blowup.xml":
                var big = new string('a', 100_000);
                var refs = string.Concat(Enumerable.Repeat("&a;", 20_000));
                await Write(response, $"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{big}">]><rss version="2.0"><channel><title>Blowup</title><item><title>{refs}</title><link>https://blowup.example/1</link></item></channel></rss>""", ct);
                break;
            case "xxe-file.xml":
                await Write(response, """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>XXE</title><item><title>Leak: &xxe;</title><link>https://xxe.example/1</link><description>&xxe;</description></item></channel></rss>""", ct);
                break;
            case "xxe-http.xml":
                await Write(response, $"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{Url("h/secret")}">]><rss version="2.0"><channel><title>XXE</title><item><title>Leak: &xxe;</title><link>https://xxe.example/2</link></item></channel></rss>""", ct);
                break;
            case "huge-100mb.xml":
                response.ContentLength = 100L * 1024 * 1024;
                await Stream(response, 100L * 1024 * 1024, ct);
                break;
            case "endless.xml":
                await Stream(response, long.MaxValue, ct);
                break;
            case "gzip-bomb.xml":
                response.Headers.ContentEncoding = "gzip";
                await response.Body.WriteAsync(_gzipBomb, ct);
                break;
            case "slow-drip.xml":
                await response.StartAsync(ct);
                foreach (var c in "<rss version=\"2.0\"><channel><title>Drip</title>")
                {
                    await response.Body.WriteAsync(new[] { (byte)c }, ct);
                    await response.Body.FlushAsync(ct);
                    await Task.Delay(1000, ct);
                }
                break;
            case "redirect-loop.xml":
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = "/h/redirect-loop.xml?again=" + Guid.NewGuid().ToString("N");
                break;
            case "bad-encoding.xml":
                // Invalid UTF-8, a NUL, and UTF-8-encoded lone surrogates (ED A0 80, ED B0 80).
                var head = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Bad bytes</title><item><title>Caf");
                byte[] bad = [0xC3, 0x28, 0xFF, 0x00, 0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80];
                var tail = Encoding.ASCII.GetBytes(" in Caracas</title><link>https://bad.example/1</link><description>x</description></item></channel></rss>");
                await response.Body.WriteAsync(head.Concat(bad).Concat(tail).ToArray(), ct);
                break;
            case "deep-nesting.xml":
                await Write(response, "<rss version=\"2.0\"><channel><title>Deep</title><item><title>Deep</title><link>https://deep.example/1</link><description>"
                    + string.Concat(Enumerable.Repeat("<b>", 100_000)) + "</description></item></channel></rss>", ct);
                break;
            case "million-items.xml":
                await response.StartAsync(ct);
                await Write(response, "<rss version=\"2.0\"><channel><title>Million</title>", ct);
                for (var i = 0; i < 1_000_000 && !ct.IsCancellationRequested; i++)
                {
                    await Write(response, $"<item><title>Item {i}</title><link>https://million.example/{i}</link></item>", ct);
                }
                await Write(response, "</channel></rss>", ct);
                break;
            case "empty.xml":
                response.ContentLength = 0;
                break;
            case "html-page.xml":
                response.ContentType = "text/html";
                await Write(response, "<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>", ct);
                break;
            case "image.xml":
                response.ContentType = "image/png";
                await response.Body.WriteAsync(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 }, ct);
                break;
            case "huge-line.xml":
                await Write(response, "<rss version=\"2.0\"><channel><title>Long</title><item><title>" + new string('x', 5_000_000)
                    + "</title><link>https://long.example/1</link></item></channel></rss>", ct);
                break;
            case "absurd-dates.xml":
                await Write(response, """<rss version="2.0"><channel><title>Dates</title><item><title>From the future</title><link>https://dates.example/future</link><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item><item><title>From the past</title><link>https://dates.example/past</link><pubDate>Mon, 01 Jan 1900 00:00:00 GMT</pubDate></item></channel></rss>""", ct);
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static Task Write(HttpResponse response, string text, CancellationToken ct) =>
        response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    private static async Task Stream(HttpResponse response, long length, CancellationToken ct)
    {
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<item><title>filler</title></item>", 2000)));
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes("<rss version=\"2.0\"><channel>"), ct);
        for (long sent = 0; sent < length && !ct.IsCancellationRequested; sent += chunk.Length)
        {
            await response.Body.WriteAsync(chunk, ct);
        }
    }

    private static byte[] GzipOfZeros(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < size; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }
        return output.ToArray();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
