using System.CommandLine;
using System.Globalization;
using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Cli;

/// <summary>`status`: each configured outlet's polling health, from the store.</summary>
public static class StatusCommand
{
    private static readonly string[] Header = ["OUTLET", "LAST ATTEMPT", "LAST SUCCESS", "HTTP", "ITEMS", "FAILURES", "NEXT DUE", "LAST ERROR"];

    public static Command Create()
    {
        var command = new Command("status", "Print each outlet's last attempt, last success, HTTP status, items, failures and next due time");
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var paths = CommonOptions.Paths(parse);
            var loaded = ConfigLoader.Load(paths.ConfigPath);
            if (!loaded.IsValid)
            {
                // Status is for looking at a sick installation too: say what is wrong with the
                // file, then show what the store knows.
                output.WriteLine($"CONFIG INVALID: {paths.ConfigPath} (a running worker keeps its last valid configuration)");
                foreach (var problem in loaded.Problems)
                {
                    output.WriteLine($"  {PublicLink.Redact(problem.ToString())}");
                }
            }
            var snapshot = ConfigSnapshot.From(loaded.Config ?? new AggregatorConfig(), paths.ConfigPath);
            await using var services = CliServices.Build(paths, snapshot);
            var store = services.GetRequiredService<IAggregatorStore>();
            await store.MigrateAsync(ct);
            var states = (await store.GetOutletsAsync(ct)).ToDictionary(s => s.OutletId);
            var outlets = loaded.IsValid
                ? snapshot.Config.Outlets
                : states.Keys.Select(id => new Outlet { Id = id, Name = id, Url = new Uri("about:blank") }).ToList();
            var webSub = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var outlet in outlets)
            {
                if (await store.GetSettingAsync(WebSub.WebSubSubscriber.FailureKey(outlet.Id), ct) is { Length: > 0 } failure)
                {
                    webSub[outlet.Id] = failure;
                }
            }
            var holds = await new PollHolds(store).CurrentAsync(outlets.Select(o => o.Id), states, ct);
            Write(output, outlets, states, webSub, holds);
            // Only outlets that fetch full text now: a worker drops the rest at its next start, reload or prune.
            var fullText = outlets.Where(o => o.FullText).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            WriteBacklog(parse.InvocationConfiguration.Error,
                loaded.IsValid ? [.. (await store.GetBacklogAsync(ct)).Where(b => fullText.Contains(b.OutletId))] : await store.GetBacklogAsync(ct));
            // On standard error: standard output stays one line per outlet after the header, as scripts read it (CONTRACT §2).
            WriteStore(parse.InvocationConfiguration.Error, await store.GetStatsAsync(ct));
            return 0;
        });
        return command;
    }

    /// <param name="webSub">Outlets whose WebSub subscription fails, with the line to show when nothing worse is to be said.</param>
    /// <param name="holds">
    /// Outlets whose last poll was held (their host asked us to wait) and not attempted since: waiting, not failing, and
    /// due when the hold ends.
    /// </param>
    public static void Write(TextWriter output, IEnumerable<Outlet> outlets, IReadOnlyDictionary<string, OutletHealth> states,
        IReadOnlyDictionary<string, string>? webSub = null, IReadOnlyDictionary<string, PollHold>? holds = null)
    {
        var rows = new List<string[]> { Header };
        foreach (var outlet in outlets)
        {
            var s = states.GetValueOrDefault(outlet.Id);
            var hold = holds?.GetValueOrDefault(outlet.Id);
            rows.Add(
            [
                outlet.Enabled ? outlet.Id : outlet.Id + " (disabled)",
                Time(s?.LastAttempt),
                Time(s?.LastSuccess),
                s?.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                (s?.ItemCount ?? 0).ToString(CultureInfo.InvariantCulture),
                (s?.ConsecutiveFailures ?? 0).ToString(CultureInfo.InvariantCulture),
                Time(hold?.Until ?? s?.NextDue),
                // Errors and notices may quote a URL resolved against an outlet's, credentials included.
                PublicLink.Redact(hold?.Line ?? s?.LastError ?? webSub?.GetValueOrDefault(outlet.Id) ?? (s?.Notice is { } notice ? "note: " + notice
                    : outlet.AutoInterval && s?.IntervalNote is { } interval ? interval
                    : s?.Structure is { } structure ? "read as: " + structure : "-")),
            ]);
        }
        var widths = Enumerable.Range(0, rows[0].Length - 1).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c < widths.Length ? cell.PadRight(widths[c]) : cell)).TrimEnd());
        }
    }

    private static readonly string[] BacklogHeader = ["FULL TEXT", "WAITING", "GIVEN UP", "NEXT ATTEMPT"];

    /// <summary>
    /// Each fullText outlet's backlog of article pages, on standard error (standard output stays one line per outlet, as scripts read it):
    /// pages waiting, pages given up on (`explain ARTICLE-ID` says why), and when the next is tried.
    /// </summary>
    public static void WriteBacklog(TextWriter output, IReadOnlyList<BacklogCount> backlog)
    {
        if (backlog.Count == 0)
        {
            return;
        }
        var rows = new List<string[]> { BacklogHeader };
        rows.AddRange(backlog.Select(b => new[]
        {
            b.OutletId,
            b.Waiting.ToString(CultureInfo.InvariantCulture),
            b.GivenUp.ToString(CultureInfo.InvariantCulture),
            Time(b.NextAttempt),
        }));
        var widths = Enumerable.Range(0, BacklogHeader.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        output.WriteLine();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    /// <summary>One line after the outlets: what retention keeps the store at.</summary>
    public static void WriteStore(TextWriter output, StoreStats stats) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"STORE  articles={stats.Articles} tombstones={stats.Tombstones} oldest={Time(stats.OldestArticle)} size={stats.SizeBytes}"));

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
