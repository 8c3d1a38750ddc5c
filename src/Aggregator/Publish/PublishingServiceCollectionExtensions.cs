using Microsoft.Extensions.DependencyInjection;
using Aggregator.Model;

namespace Aggregator.Publish;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>What serving topic feeds needs beyond the pipeline.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services, Uri listenAddress)
    {
        services.AddSingleton<TopicFeedBuilder>();
        services.AddSingleton<FeedCache>();
        services.AddSingleton(sp => new SiteAddress(sp.GetRequiredService<ISiteCatalog>(), listenAddress));
        services.AddHttpClient(WebSub.WebSubPublisher.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(15);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(Product.UserAgent);
        });
        services.AddHostedService<WebSub.WebSubPublisher>();
        services.AddHostedService<FeedWarmer>();
        return services;
    }

    /// <summary>
    /// The worker asks its own feeds a few thousand times once it listens (<see cref="Http.ServingWarmUp"/>), as many as
    /// AGGREGATOR_SERVING_WARMUP says; a value that is not a count fails here, naming the variable.
    /// </summary>
    public static IServiceCollection AddServingWarmUp(this IServiceCollection services)
    {
        var requests = Http.ServingWarmUp.RequestsFromEnvironment(out var problem) ?? throw new InvalidOperationException(problem);
        services.AddHttpClient(Http.ServingWarmUp.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(30);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(Product.UserAgent);
        })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = Http.ServingWarmUp.Connections, UseProxy = false })
            // The factory logs four lines at Information per request: 12,000 lines at every start, which buried the log.
            .RemoveAllLoggers();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<Http.ServingWarmUp>(sp, requests));
        return services;
    }
}
