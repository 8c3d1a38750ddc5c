using System.CommandLine;
using Aggregator.Hosting;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>`poll`: every enabled outlet (or each --outlet) once, one line each, then exit.</summary>
public static class PollCommand
{
    private static readonly Option<string[]> Outlets = new("--outlet")
    {
        Description = "Poll only this outlet (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Create()
    {
        var command = new Command("poll", "Poll every enabled outlet once, ingest, print one line per outlet") { Outlets };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var paths = CommonOptions.Paths(parse);
            if (ConfigGate.Load(paths.ConfigPath, parse.InvocationConfiguration.Error) is not { } snapshot)
            {
                return 1;
            }
            var chosen = parse.GetValue(Outlets) ?? [];
            var unknown = chosen.Where(id => snapshot.FindOutlet(id) is null).ToList();
            if (unknown.Count > 0)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{paths.ConfigPath}: no outlet with id '{string.Join("', '", unknown)}'");
                return 1;
            }
            var outlets = chosen.Length > 0
                ? chosen.Distinct().Select(id => snapshot.FindOutlet(id)!).ToList()
                : snapshot.Config.Outlets.Where(o => o.Enabled).ToList();

            await using var services = CliServices.Build(paths, snapshot);
            var store = services.GetRequiredService<IAggregatorStore>();
            await store.MigrateAsync(ct);
            await TopicMemberships.SyncAsync(store, snapshot, ct);
            var refresher = services.GetRequiredService<OutletRefresher>();

            // The fetcher's per-host and global limits keep this polite; this bound keeps parsed feeds
            // from piling up in memory while they wait for the store's writer (as `run` is bounded by
            // its scheduler's threads).
            var reports = new PollReport[outlets.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, outlets.Count),
                new ParallelOptions { MaxDegreeOfParallelism = OutletsAtOnce, CancellationToken = ct },
                async (i, token) => reports[i] = await refresher.RefreshAsync(outlets[i], token));
            foreach (var report in reports)
            {
                output.WriteLine(report.ToString());
            }
            return 0;
        });
        return command;
    }

    /// <summary>Outlets in progress at once: well above the fetcher's 16 downloads, so silent servers never starve it.</summary>
    private const int OutletsAtOnce = 64;
}
