using System.CommandLine;
using Aggregator.Model;
using Aggregator.Pipeline;
using Aggregator.Scheduling;
using Aggregator.Store;
using Aggregator.Topics;
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
            await TopicMemberships.SyncAsync(store, snapshot.Matcher, snapshot.TopicsHash, ct);
            var refresher = services.GetRequiredService<OutletRefresher>();
            var order = FailingFirst(outlets, await store.GetOutletsAsync(ct));

            // The fetcher's per-host and global limits keep this polite; this bound keeps parsed feeds
            // from piling up in memory while they wait for the store's writer (`run`'s scheduler has the same).
            var reports = new PollReport[outlets.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, outlets.Count),
                new ParallelOptions { MaxDegreeOfParallelism = SchedulerSetup.OutletsAtOnce, CancellationToken = ct },
                async (i, token) => reports[order[i]] = await refresher.RefreshAsync(outlets[order[i]], token));
            foreach (var report in reports)
            {
                output.WriteLine(report.ToString());
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The order to start the outlets in: those whose last poll failed first, since a failing outlet is the likeliest
    /// to hold its slot until the fetch timeout; started early, that wait overlaps everyone else's work instead of
    /// trailing it. Otherwise feeds.json's order. The report keeps feeds.json's order whatever the start order.
    /// </summary>
    internal static int[] FailingFirst(IReadOnlyList<Outlet> outlets, IReadOnlyList<OutletHealth> states)
    {
        var failing = states.Where(s => s.ConsecutiveFailures > 0).Select(s => s.OutletId).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, outlets.Count).OrderBy(i => failing.Contains(outlets[i].Id) ? 0 : 1)];
    }
}
