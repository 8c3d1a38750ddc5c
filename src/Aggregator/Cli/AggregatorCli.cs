using System.CommandLine;

namespace Aggregator.Cli;

/// <summary>The command line of CONTRACT §2; with no command, `run` is meant.</summary>
public static class AggregatorCli
{
    /// <summary>`--log-format json` for log shippers; plain single lines otherwise.</summary>
    public static readonly Option<string> LogFormat = CreateLogFormat();

    private static Option<string> CreateLogFormat()
    {
        var option = new Option<string>("--log-format")
        {
            Description = "Log format: text (default) or json",
            Recursive = true,
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("Aggregator: polls news outlets, deduplicates their articles and republishes topic feeds")
        {
            CommonOptions.Config,
            CommonOptions.Data,
            CommonOptions.Store,
            RunCommand.Urls,
            RunCommand.Create(),
            ValidateCommand.Create(),
            PollCommand.Create(),
            StatusCommand.Create(),
            PreviewCommand.Create(),
            PublishCommand.Create(),
            HealthcheckCommand.Create(),
            ExplainCommand.Create(),
            ImportOpmlCommand.Create(),
            AddCommand.Create(),
            PruneCommand.Create(),
            BackupCommand.Create(),
            LogFormat,
        };
        root.SetAction(RunCommand.RunAsync);
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken ct = default)
    {
        // Our own handler below names store failures in one line; anything else is a bug and should show its stack.
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        if (output is not null)
        {
            configuration.Output = output;
        }
        if (error is not null)
        {
            configuration.Error = error;
        }
        return InvokeGuardedAsync(Build().Parse(args), configuration, ct);
    }

    /// <summary>A store that cannot be opened at all (read-only disk, damaged file) is a one-line error and exit 1, not a stack trace.</summary>
    private static async Task<int> InvokeGuardedAsync(ParseResult parse, InvocationConfiguration configuration, CancellationToken ct)
    {
        try
        {
            return await parse.InvokeAsync(configuration, ct);
        }
        catch (Store.StoreException e)
        {
            (configuration.Error ?? Console.Error).WriteLine(e.Message);
            return 1;
        }
    }
}
