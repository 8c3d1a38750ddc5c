using Aggregator.Pipeline;
using System.CommandLine;
using Aggregator.Hosting;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>`prune`: applies retention once, now, and prints what it removed (the scheduled job runs the same code).</summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var command = new Command("prune", "Apply retention now: delete old articles (leaving tombstones), drop expired tombstones, give space back; "
            + "prints pruned=N tombstones=N freed=BYTES");
        command.SetAction(async (parse, ct) =>
        {
            var paths = CommonOptions.Paths(parse);
            // Retention is per outlet: pruning with a broken configuration would apply the defaults to everyone.
            if (ConfigGate.Load(paths.ConfigPath, parse.InvocationConfiguration.Error) is not { } snapshot)
            {
                return 1;
            }
            await using var services = CliServices.Build(paths, snapshot);
            await services.GetRequiredService<IAggregatorStore>().MigrateAsync(ct);
            var result = await services.GetRequiredService<Pruner>().PruneAsync(ct);
            parse.InvocationConfiguration.Output.WriteLine(result.ToString());
            return 0;
        });
        return command;
    }
}
