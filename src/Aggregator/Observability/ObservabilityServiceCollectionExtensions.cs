using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// The metrics every command records into, and the exporter `/metrics` reads. Without a
    /// listener (commands other than `run`) recording costs next to nothing.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AggregatorMetrics>();
        services.TryAddSingleton<SubscriptionFailures>();
        services.TryAddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<AggregatorMetrics>()));
        return services;
    }
}
