using System.IO.Compression;
using System.Text;
using Aggregator.Scrape;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Observability;

/// <summary>
/// Bodies read only in part are counted where an operator looks: a real worker polls a gzip feed followed by junk and a
/// listing past the scraper's limit from real HTTP, and its /metrics shows both counters with their reasons.
/// </summary>
public sealed class PartReadMetricsTests
{
    private const string Feed = """<rss version="2.0"><channel><title>Zipped</title><link>https://zipped.example/</link><item><title>Zipped item</title><link>https://zipped.example/a</link></item></channel></rss>""";

    private const string Listing = """
        <html><body><main><div class="posts">
        <article class="post"><h2><a href="/bolivia-a-coup-attempt-with-winds-from-the-north/">Bolivia: A Coup Attempt With Winds From The North</a></h2><p>It was not long before the legitimate Bolivian government of Luis Arce faced an attempted military coup.</p></article>
        <article class="post"><h2><a href="/how-the-bolivian-people-defeated-the-coup/">How The Bolivian People Defeated The Coup</a></h2><p>On Wednesday June 26, hundreds of members of the Bolivian Armed Forces had mobilized.</p></article>
        <article class="post"><h2><a href="/the-bolivian-people-defeated-another-coup/">The Bolivian People Defeated Another Coup</a></h2><p>Bolivian President Luis Arce addressed the people of Bolivia on the afternoon of Wednesday June 26.</p></article>
        </div></main>
        """;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Worker_AfterGzipJunkAndAnOversizedListing_ExposesBothCountsWithTheirReasons()
    {
        // What a proxy appends after a whole gzip body: an error page.
        var junk = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<html><body>502 Bad Gateway</body></html>\n", 20)));
        var zipped = Gzip(Encoding.UTF8.GetBytes(Feed)).Concat(junk).ToArray();
        var filler = new StringBuilder();
        while (filler.Length <= ListingScraper.MaxChars)
        {
            filler.Append("<p>Filler text after the listing, read only up to the scraper's limit.</p>\n");
        }
        var oversized = Listing + filler + "</body></html>";
        await using var outlet = await LoopbackApp.StartAsync(app =>
        {
            app.MapGet("/zipped.rss", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/rss+xml";
                context.Response.Headers.ContentEncoding = "gzip";
                await context.Response.Body.WriteAsync(zipped);
            });
            app.MapGet("/listing.html", () => Results.Content(oversized, "text/html; charset=utf-8"));
        });
        await using var world = await OutletsWorld.StartAsync();
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            {
              "defaults": { "interval": "30m", "maxItemsPerFeed": 50 },
              "outlets": [
                { "id": "zipped", "name": "Zipped", "url": "{{new Uri(outlet.Address, "/zipped.rss")}}" },
                { "id": "oversized", "name": "Oversized", "type": "html", "url": "{{new Uri(outlet.Address, "/listing.html")}}" },
              ],
              "topics": [ { "id": "bolivia", "title": "Bolivia", "include": ["bolivia*"] } ],
            }
            """);

        await using var worker = await RunningWorker.StartAsync(world);
        var metrics = await WaitFor.BodyAsync(worker.Http, "/metrics",
            body => body.Contains("aggregator_fetch_ignored_bytes_total{", StringComparison.Ordinal) && body.Contains("aggregator_pages_cut_total{", StringComparison.Ordinal),
            awaited: "both part-read counters");

        // Counted exactly since the fetcher fixes where the trailer ends before it reads the rest of the junk.
        Assert.Equal(junk.Length, Sample(metrics, "aggregator_fetch_ignored_bytes_total{reason=\"gzip_junk\"}"));
        Assert.Equal(1, Sample(metrics, "aggregator_pages_cut_total{reason=\"listing_size\"}"));
    }

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(body);
        }
        return buffer.ToArray();
    }

    private static double Sample(string exposition, string series)
    {
        var line = exposition.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in /metrics:\n{exposition}");
        return double.Parse(line[(series.Length + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
