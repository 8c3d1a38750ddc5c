using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish.Http;

/// <summary>What a reader gets from GET/HEAD /feeds/{topic}.{format}: the rendered bytes with their validators, 304s, and plain errors.</summary>
public sealed class FeedEndpointsTests
{
    [Fact]
    public async Task Feed_Get_IsTheRenderedDocumentWithItsValidatorsAndLength()
    {
        await using var server = await FeedServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/feeds/coups.atom", UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        Assert.Equal("http://www.w3.org/2005/Atom", XDocument.Parse(System.Text.Encoding.UTF8.GetString(body)).Root!.Name.NamespaceName);
    }

    [Fact]
    public async Task Feed_ManyHostHeaders_KeepABoundedNumberOfRenderings()
    {
        await using var server = await FeedServer.StartAsync();

        string? first = null;
        for (var i = 0; i < 400; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/feeds/coups.atom", UriKind.Relative));
            request.Headers.Host = $"h{i}.example";
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            first ??= await response.Content.ReadAsStringAsync();
        }

        // Each Host is its own rendering (the feed's links name it), but only so many are kept.
        Assert.Contains("h0.example", first, StringComparison.Ordinal);
        Assert.InRange(server.Services.GetRequiredService<Aggregator.Publish.FeedCache>().Count, 1, 256);
    }

    [Fact]
    public async Task Feed_SecondGet_IsTheSameBytesAndValidators()
    {
        await using var server = await FeedServer.StartAsync();

        using var first = await server.Http.GetAsync(new Uri("/feeds/all.rss", UriKind.Relative));
        using var second = await server.Http.GetAsync(new Uri("/feeds/all.rss", UriKind.Relative));

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Content.Headers.LastModified, second.Content.Headers.LastModified);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Feed_IfNoneMatchNamingItsETag_Answers304WithValidatorsAndNoBody(bool weak)
    {
        await using var server = await FeedServer.StartAsync();
        using var first = await server.Http.GetAsync(new Uri("/feeds/all.json", UriKind.Relative));
        var etag = first.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.json");
        // A list, as some readers send: an unknown tag first, then ours (weak or strong: If-None-Match compares weakly).
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag, weak));
        using var second = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Feed_IfNoneMatchStar_Answers304()
    {
        await using var server = await FeedServer.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Feed_IfNoneMatchOtherTag_AnswersInFullEvenWithAMatchingDate()
    {
        await using var server = await FeedServer.StartAsync();
        using var first = await server.Http.GetAsync(new Uri("/feeds/all.atom", UriKind.Relative));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
        request.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Feed_IfModifiedSince_Answers304AtItsDateAnd200Before()
    {
        await using var server = await FeedServer.StartAsync();
        using var first = await server.Http.GetAsync(new Uri("/feeds/all.atom", UriKind.Relative));
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var atDate = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        atDate.Headers.IfModifiedSince = lastModified;
        using var notModified = await server.Http.SendAsync(atDate);
        using var before = new HttpRequestMessage(HttpMethod.Get, "/feeds/all.atom");
        before.Headers.IfModifiedSince = lastModified.AddSeconds(-1);
        using var modified = await server.Http.SendAsync(before);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
    }

    [Fact]
    public async Task Feed_Head_HasTheHeadersOfGetAndNoBody()
    {
        await using var server = await FeedServer.StartAsync();
        using var get = await server.Http.GetAsync(new Uri("/feeds/all.atom", UriKind.Relative));

        using var head = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/feeds/all.atom"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/feeds/nowhere.atom", HttpStatusCode.NotFound, "no topic 'nowhere'")]
    [InlineData("/feeds/all.xml", HttpStatusCode.NotFound, "")]
    [InlineData("/feeds/all.atom?limit=0", HttpStatusCode.BadRequest, "limit: expected a whole number from 1 to 500")]
    [InlineData("/feeds/all.atom?limit=ten", HttpStatusCode.BadRequest, "limit: expected a whole number from 1 to 500")]
    [InlineData("/feeds/all.atom?before=nonsense", HttpStatusCode.BadRequest, "before: not a cursor this server made (follow the feed's next/previous links)")]
    public async Task Feed_UnknownOrMalformed_IsAPlainError(string path, HttpStatusCode status, string message)
    {
        await using var server = await FeedServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Feed_LimitAboveTheCap_IsServedAtTheCap()
    {
        await using var server = await FeedServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri("/feeds/all.atom?limit=100000", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
