using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish.Http;

/// <summary>
/// Serves a rendered document: its validators, and RFC 9110 §13 (If-None-Match first, else
/// If-Modified-Since) for a 304. The hottest path of the server, so it writes the cached bytes
/// itself with headers formatted once per rendering (<see cref="FeedResponseHeaders"/>) instead of
/// going through a result type that re-derives them, and a request without validators (the
/// common case) parses nothing.
/// </summary>
internal static class ConditionalGet
{
    private const string CacheControl = "public, max-age=60";

    public static async ValueTask WriteAsync(HttpContext context, RenderedFeed feed)
    {
        var headers = FeedResponseHeaders.For(feed);
        var response = context.Response;
        var responseHeaders = response.Headers;
        responseHeaders.ETag = headers.ETag;
        responseHeaders.LastModified = headers.LastModifiedText;
        responseHeaders.CacheControl = CacheControl;
        if (IsNotModified(context.Request.Headers, headers))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        responseHeaders.ContentType = headers.ContentType;
        response.ContentLength = headers.ContentLength;
        // HEAD: the GET's headers, Content-Length included, and no body.
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            // The headers go into the pipe first (StartAsync sends nothing yet), so the body's pieces are the pipe's own
            // blocks rather than a buffer Kestrel copies again once they are written; one flush sends both. A reader
            // that hung up makes it a no-op, not an error.
            await response.StartAsync();
            LargeBlockBody.Write(response.BodyWriter, feed.Body);
            await response.BodyWriter.FlushAsync();
        }
    }

    private static bool IsNotModified(IHeaderDictionary request, FeedResponseHeaders current)
    {
        var ifNoneMatch = request.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // An unparsable list matches nothing: the full answer is always safe.
            if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
            {
                return false;
            }

            foreach (var tag in tags)
            {
                // Weak comparison, as RFC 9110 §13.1.2 prescribes for If-None-Match.
                if (tag.Tag == "*" || tag.Compare(current.Tag, useStrongComparison: false))
                {
                    return true;
                }
            }

            return false;
        }

        var ifModifiedSince = request.IfModifiedSince;
        return ifModifiedSince.Count > 0
            && HeaderUtilities.TryParseDate(ifModifiedSince.ToString(), out var since)
            && current.LastModified <= since;
    }
}
