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
            LogFormat,
        };
        root.SetAction(RunCommand.RunAsync);
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken ct = default)
    {
        var configuration = new InvocationConfiguration();
        if (output is not null)
        {
            configuration.Output = output;
        }
        if (error is not null)
        {
            configuration.Error = error;
        }
        return Build().Parse(args).InvokeAsync(configuration, ct);
    }
}
