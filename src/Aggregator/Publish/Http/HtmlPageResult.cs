using System.Text;
using Aggregator.Publish.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Publish.Http;

/// <summary>
/// A rendered HTML page served the way feeds are (<see cref="ConditionalGet"/>): an ETag from its bytes
/// and a 304 for a reader that already has them, under the pages' strict CSP. Pages are rendered per
/// request (their relative times move), so the ETag changes exactly when what the reader sees does.
/// </summary>
internal sealed class HtmlPageResult(string html) : IResult
{
    public const string MediaType = "text/html; charset=utf-8";

    public Task ExecuteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.ContentSecurityPolicy = PageLayout.ContentSecurityPolicy;
        var body = Encoding.UTF8.GetBytes(html);
        var now = context.RequestServices.GetService<TimeProvider>()?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var page = new RenderedFeed(body, MediaType, FeedCache.ETagOf(body), FeedCache.TruncateToSeconds(now));
        return ConditionalGet.WriteAsync(context, page).AsTask();
    }
}
