using Microsoft.AspNetCore.Http;

namespace Aggregator.Publish.Http;

/// <summary>The absolute root URL readers reached us by, for self links in what we serve.</summary>
internal static class SiteBase
{
    /// <summary>defaults.publicUrl when set (behind a proxy the request's own host is not what readers use), else the request's.</summary>
    public static Uri Of(HttpRequest request, Hosting.ActiveConfig config) =>
        config.Current.Config.Defaults.PublicUrl ?? new Uri($"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}/");
}
