using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Load;

/// <summary>One outlet's poll as the worker logs it or `poll` prints it; At is seconds on the harness clock.</summary>
internal sealed partial record PollLine(string OutletId, string Status, int New, int Updated, long ElapsedMs, double At)
{
    /// <summary>`run`'s log: "Polled ID: ok status=200 new=N updated=N in N ms" or "Polled ID: failed status=500 in N ms: reason".</summary>
    public static PollLine? FromLog(string line, double at)
    {
        if (LogOk().Match(line) is { Success: true } ok)
        {
            return new PollLine(ok.Groups["id"].Value, ok.Groups["status"].Value, Int(ok, "new"), Int(ok, "updated"), Int(ok, "ms"), at);
        }
        return LogFailed().Match(line) is { Success: true } failed
            ? new PollLine(failed.Groups["id"].Value, "failed", 0, 0, Int(failed, "ms"), at)
            : null;
    }

    /// <summary>`poll`'s output: "ID  STATUS  new=N updated=N  Nms[  reason]".</summary>
    public static PollLine? FromPollOutput(string line, double at) =>
        PollOutput().Match(line) is { Success: true } m
            ? new PollLine(m.Groups["id"].Value, m.Groups["status"].Value, Int(m, "new"), Int(m, "updated"), Int(m, "ms"), at)
            : null;

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Polled (?<id>[a-z0-9-]+): (?<status>[a-z-]+) status=\S* new=(?<new>\d+) updated=(?<updated>\d+) in (?<ms>\d+) ms")]
    private static partial Regex LogOk();

    [GeneratedRegex(@"Polled (?<id>[a-z0-9-]+): failed status=\S* in (?<ms>\d+) ms")]
    private static partial Regex LogFailed();

    [GeneratedRegex(@"^(?<id>[a-z0-9-]+)  (?<status>[a-z-]+)  new=(?<new>\d+) updated=(?<updated>\d+)  (?<ms>\d+)ms")]
    private static partial Regex PollOutput();
}
