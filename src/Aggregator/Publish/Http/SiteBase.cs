using Microsoft.AspNetCore.Http;

namespace Aggregator.Publish.Http;

/// <summary>The absolute root URL readers reached us by, for self links in what we serve.</summary>
internal static class SiteBase
{
    public static Uri Of(HttpRequest request) => new($"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}/");
}
