using System.Globalization;
using System.IO.Compression;
using System.Text;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Hostile;

/// <summary>What one generated outlet does once it turns hostile, and at which stage it attacks.</summary>
public enum HostileKind
{
    // Feed bytes.
    DeepNesting, HugeAttribute, EntityExpansion, InvalidUtf8, TruncatedGzip, TruncatedBrotli, TruncatedDeflate,
    EndlessBody, HtmlErrorPage, TinyItems, HalfBrokenItems,
    // Listing pages (type html).
    ListingDeepNesting, ListingManyLinks, ListingGarbage,
    // Article pages of a fullText feed (the feed itself stays good).
    ArticlesHostile,
    // Redirects.
    RedirectLoop, RedirectToRefusedPort, RedirectToOtherScheme,
    // Headers.
    HugeHeader, DuplicatedHeaders, BadDates, BadCharset,
}

/// <summary>One outlet of the mix: <paramref name="Kind"/> null for a well-behaved one.</summary>
public sealed record MixOutlet(string Id, HostileKind? Kind, bool Listing, bool FullText, int Variant)
{
    public bool Hostile => Kind is not null;
}

/// <summary>
/// A Kestrel outlet server whose outlets are drawn from a seed: well-behaved feeds and listings beside outlets that,
/// once <see cref="TurnHostile"/> is called, attack one stage each (bytes, listings, article pages, redirects,
/// headers) with sizes and shapes the seed picks. Before that every outlet serves a good body, so a test can store
/// articles first and check that the attack loses none of them. Bodies that would be large are streamed.
/// </summary>
public sealed class HostileMix : IAsyncDisposable
{
    public const int GoodItemsBefore = 5;
    public const int GoodItemsAfter = 8;
    private static readonly string[] Words =
        ["harbour", "tariff", "ministry", "strike", "election", "drought", "pipeline", "court", "senate", "refinery",
         "union", "border", "harvest", "protest", "budget", "treaty", "railway", "clinic", "mayor", "reservoir"];

    private readonly int _seed;
    private LoopbackApp _app = null!;
    private volatile bool _hostile;
    private int _refusedPort;

    private HostileMix(int seed, IReadOnlyList<MixOutlet> outlets)
    {
        _seed = seed;
        Outlets = outlets;
    }

    public IReadOnlyList<MixOutlet> Outlets { get; }

    public Uri BaseUrl => _app.Address;

    /// <summary>
    /// Every hostile kind at least once (so no seed leaves a stage unattacked), <paramref name="extra"/> more drawn at
    /// random, and <paramref name="good"/> well-behaved outlets (feeds, a listing, a fullText feed among them).
    /// </summary>
    public static async Task<HostileMix> StartAsync(int seed, int extra, int good)
    {
        var random = new Random(seed);
        var kinds = Enum.GetValues<HostileKind>().Concat(Enumerable.Range(0, extra).Select(_ => (HostileKind)random.Next(Enum.GetValues<HostileKind>().Length)));
        var outlets = new List<MixOutlet>();
        foreach (var kind in kinds)
        {
            var listing = kind is HostileKind.ListingDeepNesting or HostileKind.ListingManyLinks or HostileKind.ListingGarbage;
            outlets.Add(new MixOutlet($"h{outlets.Count:D2}-{kind.ToString().ToLowerInvariant()}", kind, listing,
                kind == HostileKind.ArticlesHostile, random.Next(1_000_000)));
        }
        for (var i = 0; i < good; i++)
        {
            outlets.Add(new MixOutlet($"good-{i:D2}", null, Listing: i % 3 == 1, FullText: i % 3 == 2, random.Next(1_000_000)));
        }
        var mix = new HostileMix(seed, outlets);
        mix._refusedPort = FreePort.Next();
        mix._app = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/o/{id}", mix.ServeOutletAsync);
            app.MapGet("/a/{id}/{n:int}", mix.ServeArticleAsync);
        });
        return mix;
    }

    public void TurnHostile() => _hostile = true;

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>The outlets' part of feeds.json.</summary>
    public string OutletsJson() => string.Join(",\n", Outlets.Select(o =>
        $$"""{ "id": "{{o.Id}}", "url": "{{Url("o/" + o.Id)}}"{{(o.Listing ? ListingConfig : "")}}{{(o.FullText ? ", \"fullText\": true" : "")}} }"""));

    private const string ListingConfig = """, "type": "html", "scrape": { "item": "div.story", "title": "h2 a", "link": "h2 a", "summary": "p" }""";

    /// <summary>The links a good body of the outlet lists: the first <paramref name="count"/>.</summary>
    public IEnumerable<string> Links(MixOutlet outlet, int count) =>
        Enumerable.Range(0, count).Select(n => Url($"a/{outlet.Id}/{n}").AbsoluteUri);

    private string Title(MixOutlet outlet, int n)
    {
        // Distinct words per outlet and article, so no two articles are near-duplicates across outlets.
        var random = new Random(HashCode.Combine(_seed, outlet.Variant, n));
        return string.Join(' ', Enumerable.Range(0, 8).Select(_ => Words[random.Next(Words.Length)]))
            + string.Create(CultureInfo.InvariantCulture, $" {outlet.Id} {n} {outlet.Variant}");
    }

    private string GoodFeed(MixOutlet outlet, int count)
    {
        var items = new StringBuilder();
        foreach (var n in Enumerable.Range(0, count))
        {
            var date = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddHours(n).ToString("R", CultureInfo.InvariantCulture);
            items.Append(CultureInfo.InvariantCulture,
                $"<item><title>{Title(outlet, n)}</title><link>{Url($"a/{outlet.Id}/{n}")}</link><guid>{outlet.Id}-{n}</guid><pubDate>{date}</pubDate><description>{Title(outlet, n + 1000)} {Title(outlet, n + 2000)}</description></item>");
        }
        return $"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{outlet.Id}</title><link>{Url("o/" + outlet.Id)}</link>{items}</channel></rss>";
    }

    private string GoodListing(MixOutlet outlet, int count) =>
        "<!DOCTYPE html><html><head><title>" + outlet.Id + "</title></head><body><main>"
        + string.Concat(Enumerable.Range(0, count).Select(n =>
            $"<div class=\"story\"><h2><a href=\"{Url($"a/{outlet.Id}/{n}")}\">{Title(outlet, n)}</a></h2><p>{Title(outlet, n + 1000)}</p></div>"))
        + "</main></body></html>";

    private string GoodArticle(MixOutlet outlet, int n) =>
        $"<!DOCTYPE html><html><head><title>{Title(outlet, n)}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{Title(outlet, n)}</h1>"
        + string.Concat(Enumerable.Range(0, 6).Select(p => $"<p>{Title(outlet, n + 3000 + p)}. {Title(outlet, n + 4000 + p)}.</p>"))
        + "</article></body></html>";

    private async Task ServeOutletAsync(string id, HttpContext context)
    {
        var outlet = Outlets.FirstOrDefault(o => o.Id == id);
        var response = context.Response;
        var ct = context.RequestAborted;
        if (outlet is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!_hostile || outlet.Kind is null or HostileKind.ArticlesHostile)
        {
            var count = _hostile ? GoodItemsAfter : GoodItemsBefore;
            response.ContentType = outlet.Listing ? "text/html; charset=utf-8" : "application/rss+xml; charset=utf-8";
            await Write(response, outlet.Listing ? GoodListing(outlet, count) : GoodFeed(outlet, count), ct);
            return;
        }
        var random = new Random(HashCode.Combine(_seed, outlet.Variant));
        response.ContentType = "application/rss+xml";
        switch (outlet.Kind)
        {
            case HostileKind.DeepNesting:
                await Write(response, "<rss version=\"2.0\"><channel><title>Deep</title>" + Repeat("<item><title>", random.Next(20_000, 200_000)) + "</channel></rss>", ct);
                break;
            case HostileKind.HugeAttribute:
                await Write(response, $"<rss version=\"2.0\"><channel><title>Attr</title><item a=\"{new string('x', random.Next(1, 8) * 1024 * 1024)}\"><title>t</title><link>{Url("a/" + id + "/0")}</link></item></channel></rss>", ct);
                break;
            case HostileKind.EntityExpansion:
                await Write(response, "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"" + new string('a', 1000) + "\">"
                    + string.Concat(Enumerable.Range(1, 9).Select(d => $"<!ENTITY {(char)('a' + d)} \"{Repeat($"&{(char)('a' + d - 1)};", 10)}\">"))
                    + "]><rss version=\"2.0\"><channel><title>&j;</title><item><title>&j;</title><link>https://entity.example/1</link></item></channel></rss>", ct);
                break;
            case HostileKind.InvalidUtf8:
                var bytes = Encoding.UTF8.GetBytes(GoodFeed(outlet, GoodItemsAfter));
                for (var i = 0; i < 50; i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
                }
                await response.Body.WriteAsync(bytes, ct);
                break;
            case HostileKind.TruncatedGzip or HostileKind.TruncatedBrotli or HostileKind.TruncatedDeflate:
                var (encoding, compressed) = Compress(outlet.Kind.Value, Encoding.UTF8.GetBytes(GoodFeed(outlet, 200)));
                response.Headers.ContentEncoding = encoding;
                await response.Body.WriteAsync(compressed.AsMemory(0, random.Next(1, compressed.Length - 1)), ct);
                break;
            case HostileKind.EndlessBody:
                await response.StartAsync(ct);
                await Write(response, "<rss version=\"2.0\"><channel><title>Endless</title>", ct);
                var chunk = Encoding.ASCII.GetBytes(Repeat("<item><title>more</title></item>", 1000));
                while (!ct.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(chunk, ct);
                }
                break;
            case HostileKind.HtmlErrorPage:
                response.ContentType = random.Next(2) == 0 ? "text/html" : "application/rss+xml";
                await Write(response, "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>", ct);
                break;
            case HostileKind.TinyItems:
                await StreamPartsAsync(response, "<rss version=\"2.0\"><channel><title>Tiny</title>", i => $"<item><link>https://tiny.example/{i}</link></item>", "</channel></rss>", ct);
                break;
            case HostileKind.HalfBrokenItems:
                var feed = GoodFeed(outlet, GoodItemsAfter);
                // Every other item's markup broken in a different way: an unclosed tag, a stray '<', a bad entity.
                var broken = feed.Replace("</title><link>", random.Next(3) switch { 0 => "<link>", 1 => "</title><<link>", _ => "&bogus</title><link>" }, StringComparison.Ordinal);
                await Write(response, broken, ct);
                break;
            case HostileKind.ListingDeepNesting:
                response.ContentType = "text/html";
                await Write(response, "<html><body>" + Repeat("<div class=\"story\"><h2>", random.Next(20_000, 200_000)) + "</body></html>", ct);
                break;
            case HostileKind.ListingManyLinks:
                response.ContentType = "text/html";
                await StreamPartsAsync(response, "<html><body>", i => $"<div class=\"story\"><h2><a href=\"/x/{i}\">x{i}</a></h2></div>", "</body></html>", ct);
                break;
            case HostileKind.ListingGarbage:
                response.ContentType = "text/html; charset=utf-8";
                var garbage = new byte[random.Next(1000, 2_000_000)];
                random.NextBytes(garbage);
                await response.Body.WriteAsync(garbage, ct);
                break;
            case HostileKind.RedirectLoop:
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = $"/o/{id}?n={random.Next()}";
                break;
            case HostileKind.RedirectToRefusedPort:
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                response.Headers.Location = $"http://127.0.0.1:{_refusedPort}/feed.xml";
                break;
            case HostileKind.RedirectToOtherScheme:
                response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                response.Headers.Location = new[] { "ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "javascript:alert(1)", "gopher://127.0.0.1/1", "data:text/xml,<rss/>" }[random.Next(5)];
                break;
            case HostileKind.HugeHeader:
                response.Headers["X-Padding"] = new string('p', random.Next(64, 1024) * 1024);
                await Write(response, GoodFeed(outlet, GoodItemsAfter), ct);
                break;
            case HostileKind.DuplicatedHeaders:
                response.Headers.ContentType = new[] { "application/rss+xml; charset=utf-8", "text/html; charset=iso-8859-1" };
                response.Headers.ETag = new[] { "\"a\"", "\"b\"" };
                response.Headers.LastModified = new[] { "Tue, 01 Dec 2026 00:00:00 GMT", "yesterday" };
                response.Headers.CacheControl = new[] { "max-age=60", "max-age=-5, no-store" };
                await Write(response, GoodFeed(outlet, GoodItemsAfter), ct);
                break;
            case HostileKind.BadDates:
                response.Headers.LastModified = "Fri, 31 Dec 99999 25:61:61 XYZ";
                response.Headers.Expires = "-1";
                response.Headers.RetryAfter = "99999999999999999999";
                response.Headers.Date = "not a date";
                response.Headers.CacheControl = "max-age=99999999999999999999999";
                await Write(response, GoodFeed(outlet, GoodItemsAfter).Replace("2026", "20260", StringComparison.Ordinal), ct);
                break;
            case HostileKind.BadCharset:
                response.ContentType = new[] { "application/rss+xml; charset=x-no-such-charset", "application/rss+xml; charset=utf-32", "application/rss+xml; charset=\"", "application/rss+xml; charset=utf-7" }[random.Next(4)];
                await Write(response, GoodFeed(outlet, GoodItemsAfter).Replace("encoding=\"utf-8\"", "encoding=\"ebcdic-xx\"", StringComparison.Ordinal), ct);
                break;
        }
    }

    private async Task ServeArticleAsync(string id, int n, HttpContext context)
    {
        var outlet = Outlets.FirstOrDefault(o => o.Id == id);
        var response = context.Response;
        var ct = context.RequestAborted;
        if (outlet is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        if (!_hostile || outlet.Kind != HostileKind.ArticlesHostile)
        {
            await Write(response, GoodArticle(outlet, n), ct);
            return;
        }
        // Each article page of the hostile fullText outlet attacks differently; the feed's own text must stay.
        var random = new Random(HashCode.Combine(_seed, outlet.Variant, n));
        switch (n % 6)
        {
            case 0:
                await Write(response, "<html><body><article>" + Repeat("<div><p>", random.Next(20_000, 200_000)) + "</article></body></html>", ct);
                break;
            case 1:
                await response.StartAsync(ct);
                var chunk = Encoding.ASCII.GetBytes(Repeat("<p>never ending story</p>", 1000));
                while (!ct.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(chunk, ct);
                }
                break;
            case 2:
                var (encoding, compressed) = Compress(HostileKind.TruncatedGzip, Encoding.UTF8.GetBytes(GoodArticle(outlet, n)));
                response.Headers.ContentEncoding = encoding;
                await response.Body.WriteAsync(compressed.AsMemory(0, compressed.Length / 2), ct);
                break;
            case 3:
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = $"/a/{id}/{n}?again={random.Next()}";
                break;
            case 4:
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = $"http://127.0.0.1:{_refusedPort}/article";
                break;
            default:
                response.ContentType = "image/png";
                var bytes = new byte[random.Next(100, 100_000)];
                random.NextBytes(bytes);
                await response.Body.WriteAsync(bytes, ct);
                break;
        }
    }

    private static (string Encoding, byte[] Bytes) Compress(HostileKind kind, byte[] body)
    {
        using var output = new MemoryStream();
        using (Stream stream = kind switch
        {
            HostileKind.TruncatedBrotli => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
            HostileKind.TruncatedDeflate => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            stream.Write(body);
        }
        return (kind switch { HostileKind.TruncatedBrotli => "br", HostileKind.TruncatedDeflate => "deflate", _ => "gzip" }, output.ToArray());
    }

    /// <summary>A document of 100,000 parts between its start and end, streamed in chunks of about 64 KB as it is made.</summary>
    private static async Task StreamPartsAsync(HttpResponse response, string start, Func<int, string> part, string end, CancellationToken ct)
    {
        await response.StartAsync(ct);
        await Write(response, start, ct);
        var chunk = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            chunk.Append(part(i));
            if (chunk.Length > 64 * 1024)
            {
                await Write(response, chunk.ToString(), ct);
                chunk.Clear();
            }
        }
        await Write(response, chunk + end, ct);
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static Task Write(HttpResponse response, string text, CancellationToken ct) =>
        response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
