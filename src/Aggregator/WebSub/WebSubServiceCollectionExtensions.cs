using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.WebSub;

public static class WebSubServiceCollectionExtensions
{
    public static IServiceCollection AddWebSubSubscriber(this IServiceCollection services)
    {
        services.AddSingleton<PendingSubscriptions>();
        services.AddSingleton<PushRefusals>();
        // Subscriptions go through the pipeline's Fetcher (AddAggregatorPipeline): the hub's URL is content's.
        services.AddHostedService<WebSubSubscriber>();
        return services;
    }
}
