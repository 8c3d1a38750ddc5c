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
}
