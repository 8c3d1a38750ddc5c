using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Fetch;

public static class FetchServiceCollectionExtensions
{
    /// <summary>The named HttpClient every outlet fetch goes through.</summary>
    public const string ClientName = "outlets";

    /// <summary>
    /// The "outlets" HttpClient, <see cref="FetchOptions"/>, <see cref="TimeProvider.System"/> unless
    /// one is registered, and the singleton <see cref="Fetcher"/>.
    /// </summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, FetchOptions? options = null)
    {
        services.TryAddSingleton(options ?? new FetchOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddHttpClient(ClientName, client =>
            {
                // The fetcher enforces the total timeout itself, body included.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var fetch = provider.GetRequiredService<FetchOptions>();
                return new SocketsHttpHandler
                {
                    ConnectTimeout = fetch.ConnectTimeout,
                    AutomaticDecompression = DecompressionMethods.All,
                    AllowAutoRedirect = fetch.MaxRedirects > 0,
                    MaxAutomaticRedirections = Math.Max(1, fetch.MaxRedirects),
                    // Long-lived handler, so DNS changes are picked up by recycling connections instead.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    // A cookie jar shared across outlets would leak one site's session into another's requests.
                    UseCookies = false,
                };
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's per-request log lines would double the fetcher's own.
            .RemoveAllLoggers();
        services.TryAddSingleton<Fetcher>();
        return services;
    }
}
