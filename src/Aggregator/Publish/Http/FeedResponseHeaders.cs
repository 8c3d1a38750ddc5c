using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish.Http;

/// <summary>
/// The response headers of one rendered feed, formatted once. A rendered feed is immutable and
/// served many thousand times before the next change, so nothing about its headers (the date
/// format, the parsed ETag that If-None-Match is compared with) is worth redoing per request.
/// </summary>
internal sealed class FeedResponseHeaders
{
    /// <summary>
    /// Keyed by the rendered feed itself: an entry lives exactly as long as the feed cache keeps
    /// that rendering, and a re-render (a new object) gets new headers.
    /// </summary>
    private static readonly ConditionalWeakTable<RenderedFeed, FeedResponseHeaders> Known = [];

    private FeedResponseHeaders(RenderedFeed feed)
    {
        ETag = feed.ETag;
        Tag = EntityTagHeaderValue.Parse(feed.ETag);
        LastModified = feed.LastModified;
        LastModifiedText = feed.LastModified.ToString("R", CultureInfo.InvariantCulture);
        ContentType = feed.MediaType;
        ContentLength = feed.Body.Length;
    }

    public StringValues ETag { get; }

    /// <summary>The ETag parsed, for the weak comparison If-None-Match asks for.</summary>
    public EntityTagHeaderValue Tag { get; }

    public DateTimeOffset LastModified { get; }

    public StringValues LastModifiedText { get; }

    public StringValues ContentType { get; }

    public long ContentLength { get; }

    public static FeedResponseHeaders For(RenderedFeed feed) =>
        Known.GetValue(feed, static f => new FeedResponseHeaders(f));
}
