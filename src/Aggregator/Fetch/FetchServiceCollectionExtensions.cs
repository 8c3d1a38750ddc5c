using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Fetch;

public static class FetchServiceCollectionExtensions
{
    /// <summary>The named HttpClient for the trusted origin (the outlet's configured URL).</summary>
    public const string ClientName = "outlets";

    /// <summary>
    /// The named HttpClient for every other origin (redirect targets, article links, discovered
    /// feeds): its connections refuse private addresses unless <see cref="FetchOptions.AllowPrivateNetworks"/>.
    /// A handler of its own, so it never shares a pooled connection with a trusted request.
    /// </summary>
    public const string GuardedClientName = "outlets-guarded";

    /// <summary>
    /// The two outlet HttpClients, <see cref="FetchOptions"/>, <see cref="TimeProvider.System"/> unless
    /// one is registered, and the singleton <see cref="Fetcher"/>.
    /// </summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, FetchOptions? options = null)
    {
        services.TryAddSingleton(options ?? new FetchOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        AddClient(services, ClientName, guarded: false);
        AddClient(services, GuardedClientName, guarded: true);
        services.TryAddSingleton<Fetcher>();
        return services;
    }

    private static void AddClient(IServiceCollection services, string name, bool guarded) =>
        services.AddHttpClient(name, client =>
            {
                // The fetcher enforces the total timeout itself, body included.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var fetch = provider.GetRequiredService<FetchOptions>();
                var handler = new SocketsHttpHandler
                {
                    ConnectTimeout = fetch.ConnectTimeout,
                    // The fetcher decodes bodies itself (EncodedBody), since the handler's decoders pass a cut stream as whole.
                    AutomaticDecompression = DecompressionMethods.None,
                    // The fetcher follows redirects hop by hop: it must see each status and guard each destination.
                    AllowAutoRedirect = false,
                    // Long-lived handler, so DNS changes are picked up by recycling connections instead.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    // Short, so a connection dies young instead of in gen2 (FetchOptions.PooledConnectionIdleTimeout).
                    PooledConnectionIdleTimeout = fetch.PooledConnectionIdleTimeout,
                    // A cookie jar shared across outlets would leak one site's session into another's requests.
                    UseCookies = false,
                    // Through a proxy the connected address is the proxy's, and the guard would check the wrong thing.
                    UseProxy = !guarded,
                };
                if (guarded)
                {
                    handler.ConnectCallback = GuardedConnector.ConnectAsync;
                }

                return handler;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's per-request log lines would double the fetcher's own.
            .RemoveAllLoggers();
}
