using System.CommandLine;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Publish.Http;
using Aggregator.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Cli;

/// <summary>`run` (the default): the worker: scheduled polling plus the HTTP surface, until SIGTERM or Ctrl-C.</summary>
public static partial class RunCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static readonly Option<string?> Urls = new("--urls")
    {
        Description = $"HTTP listen address (default {DefaultUrls}, or $ASPNETCORE_URLS)",
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("run", "Run the worker: poll outlets on schedule and serve topic feeds");
        command.SetAction(RunAsync);
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var paths = CommonOptions.Paths(parse);
        if (ConfigGate.Load(paths.ConfigPath, parse.InvocationConfiguration.Error) is not { } snapshot)
        {
            return 1;
        }
        if (IngestPriority.FromEnvironment(out var priorityProblem) is null)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(priorityProblem);
            return 1;
        }
        if (IngestWhileServing.FromEnvironment(out var whileServingProblem) is null)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(whileServingProblem);
            return 1;
        }
        if (StartWindow.FromEnvironment(out var startWindowProblem) is null)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(startWindowProblem);
            return 1;
        }
        if (ServingWarmUp.RequestsFromEnvironment(out var warmUpProblem) is null)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(warmUpProblem);
            return 1;
        }
        var urls = parse.GetValue(Urls)
            ?? (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is { Length: > 0 } env ? env : DefaultUrls);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddAggregatorWorker(paths, snapshot, urls, jsonLogs: parse.GetValue(AggregatorCli.LogFormat) == "json");

        await using var app = builder.Build();
        await app.PrepareAggregatorAsync(paths, snapshot, ct);
        app.MapAggregator();
        // Type=notify under systemd: READY once listening, STOPPING on shutdown, watchdog pings while alive.
        using var systemd = SystemdNotifier.FromEnvironment().AttachTo(app.Lifetime);
        // Taken before the run: RunAsync disposes the host, and its services with it.
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand));
        await app.RunAsync(ct);
        return ExitCode(background, logger);
    }

    /// <summary>
    /// 1 when a background service ended in an exception. The host stops when one does, and so does the process; exiting 0
    /// then would read as a clean shutdown, and systemd's Restart=on-failure (or a container's restart policy) would
    /// leave the worker down.
    /// </summary>
    private static int ExitCode(IEnumerable<BackgroundService> services, ILogger logger)
    {
        var exit = 0;
        foreach (var service in services.Where(s => s.ExecuteTask is { IsFaulted: true }))
        {
            var cause = service.ExecuteTask!.Exception?.InnerException;
            var error = cause is null ? "unknown" : $"{cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}";
            try
            {
                LogServiceFaulted(logger, service.GetType().Name, error);
            }
            catch (ObjectDisposedException)
            {
                // The host disposed its logging with itself; the supervisor still gets the reason.
                Console.Error.WriteLine($"{service.GetType().Name} failed ({error}); the worker stops with exit code 1");
            }
            exit = 1;
        }
        return exit;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Service} failed ({Error}); the worker stops with exit code 1 so that its supervisor restarts it")]
    private static partial void LogServiceFaulted(ILogger logger, string service, string error);
}
