using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aggregator.Publish.Http;

/// <summary>RFC 9110 §13 for our rendered documents: If-None-Match first, else If-Modified-Since.</summary>
internal static class ConditionalGet
{
    public static IResult Serve(HttpContext context, RenderedFeed feed)
    {
        var response = context.Response;
        response.Headers.ETag = feed.ETag;
        response.Headers.LastModified = feed.LastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "public, max-age=60";
        return IsNotModified(context.Request, feed)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(feed.Body, feed.MediaType);
    }

    private static bool IsNotModified(HttpRequest request, RenderedFeed feed)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } tags)
        {
            var current = new EntityTagHeaderValue(feed.ETag);
            // Weak comparison, as RFC 9110 prescribes for If-None-Match.
            return tags.Any(t => t.Tag == "*" || t.Compare(current, useStrongComparison: false));
        }
        return headers.IfModifiedSince is { } since && feed.LastModified <= since;
    }
}
