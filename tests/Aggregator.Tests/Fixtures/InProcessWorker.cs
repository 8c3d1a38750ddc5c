using Aggregator.Configuration;
using Aggregator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Fixtures;

/// <summary>The worker as `run` composes it, in this process, listening on 127.0.0.1.</summary>
public static class InProcessWorker
{
    /// <param name="services">Registrations made before the worker's own (which only add what is missing): a test clock.</param>
    public static async Task<WebApplication> StartAsync(
        AggregatorPaths paths, ConfigSnapshot snapshot, int port, ILoggerProvider log, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        services?.Invoke(builder.Services);
        builder.AddAggregatorWorker(paths, snapshot, $"http://127.0.0.1:{port}", jsonLogs: false);
        builder.Logging.ClearProviders().AddProvider(log);
        var app = builder.Build();
        await app.PrepareAggregatorAsync(paths, snapshot, CancellationToken.None);
        app.MapAggregator();
        await app.StartAsync();
        return app;
    }
}
