using Aggregator.Configuration;
using Aggregator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Aggregator.Cli;

/// <summary>The pipeline's services for one-shot commands: no web host; the command's own output is the report.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(AggregatorPaths paths, ConfigSnapshot snapshot)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => o.SingleLine = true)
            // Poll outcomes are printed as lines already; only real errors are worth a log line here.
            .SetMinimumLevel(LogLevel.Error));
        // Keep stdout for the command's output, which scripts parse.
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.AddAggregatorPipeline(paths, snapshot);
        return services.BuildServiceProvider();
    }
}
