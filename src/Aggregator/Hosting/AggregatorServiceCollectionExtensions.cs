using Aggregator.Configuration;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aggregator.Hosting;

public static class AggregatorServiceCollectionExtensions
{
    /// <summary>The pipeline and its store, shared by every command (run, poll, status, preview, publish).</summary>
    public static IServiceCollection AddAggregatorPipeline(this IServiceCollection services, AggregatorPaths paths, ConfigSnapshot snapshot)
    {
        var defaults = snapshot.Config.Defaults;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(paths);
        var active = new ActiveConfig(snapshot);
        services.AddSingleton(active);
        // Stages get the running configuration only as narrow views: Scheduling and WebSub the outlets, Publish the site
        // (topics, outlets, defaults), the refresher its poll's rules.
        services.AddSingleton<IOutletCatalog>(active);
        services.AddSingleton<ISiteCatalog>(active);
        services.AddSingleton<Func<PollRules>>(() =>
        {
            var current = active.Current;
            return new PollRules(current.Config.Defaults, current.Matcher, current.TopicsHash);
        });
        services.AddSingleton(_ => paths.Store.Open(paths.DataDirectory, defaults.MaxDatabaseBytes));
        services.AddFetching(FetchOptionsFrom(defaults));
        services.AddSingleton<OutletReader>();
        services.AddSingleton<FullTextEnricher>();
        services.AddSingleton<StoreChangeSignal>();
        services.AddSingleton<FullTextBacklog>();
        services.AddSingleton<OutletRefresher>();
        services.AddSingleton<BacklogCleanup>();
        services.AddSingleton(sp => new Pruner(
            sp.GetRequiredService<IAggregatorStore>(), () => RetentionPolicy.From(sp.GetRequiredService<ActiveConfig>().Current.Config),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Pruner>>(), sp.GetRequiredService<BacklogCleanup>()));
        services.AddObservability();
        return services;
    }

    private static FetchOptions FetchOptionsFrom(Defaults defaults) => new()
    {
        Timeout = defaults.Timeout,
        MaxBodyBytes = defaults.MaxBodyBytes,
        UserAgent = defaults.UserAgent ?? FetchOptions.DefaultUserAgent,
        AllowPrivateNetworks = defaults.AllowPrivateNetworks,
    };
}
