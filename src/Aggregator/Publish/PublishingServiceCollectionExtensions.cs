using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Publish;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>What serving topic feeds needs beyond the pipeline.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<TopicFeedBuilder>();
        services.AddSingleton<FeedCache>();
        return services;
    }
}
