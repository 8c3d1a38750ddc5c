using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.WebSub;

public static class WebSubServiceCollectionExtensions
{
    public static IServiceCollection AddWebSubSubscriber(this IServiceCollection services)
    {
        services.AddSingleton<PendingSubscriptions>();
        services.AddHttpClient(WebSubSubscriber.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(15);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(Fetch.FetchOptions.DefaultUserAgent);
        });
        services.AddHostedService<WebSubSubscriber>();
        return services;
    }
}
