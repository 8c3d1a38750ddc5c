using System.CommandLine;
using Aggregator.Configuration;

namespace Aggregator.Cli;

/// <summary>`validate`: every problem of the config file as FILE:LINE:COL: PATH: message; exit 1 if any.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "Check the config file and print every problem");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var path = CommonOptions.Paths(parse).ConfigPath;
            var result = ConfigLoader.Load(path);
            foreach (var problem in result.Problems)
            {
                output.WriteLine(problem.ToString());
            }
            if (!result.IsValid)
            {
                return 1;
            }
            output.WriteLine($"{path}: valid ({result.Config!.Outlets.Count} outlets, {result.Config.Topics.Count} topics)");
            return 0;
        });
        return command;
    }
}
