using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aggregator.Load;

/// <summary>
/// Round 2 on the cold poll's store: `poll` again over the same data folder, twice. First with every outlet unchanged
/// and answering in full (no 304: the worker parses each entry and finds it seen, the cost issue 23 compares with Tiny
/// Tiny RSS's unchanged round), then with every outlet publishing <see cref="SyntheticOutlet.NewPerChange"/> new items
/// (a tenth of a 50-item feed: the rest seen, the new ones normalized, deduplicated and stored). Each child's CPU and
/// disk writes are its whole life's (<see cref="ProcIo"/>); its allocation and collections come from its EventPipe.
/// </summary>
/// <remarks>
/// With <c>keepSnapshots</c> (the harness's --keep) the data folder is copied before each child as
/// <c>&lt;data&gt;-before-&lt;round&gt;</c>, so the pages a round changed can be told apart per table afterwards
/// (bench/README.md, step 6): the kernel's write count says how much, not where.
/// </remarks>
internal sealed class RepollRound(string dll, string config, string data, IReadOnlyDictionary<string, string> childEnvironment, Action<string> log, bool keepSnapshots = false)
{
    public async Task<Dictionary<string, object?>> RunAsync(OutletServer server, CancellationToken ct)
    {
        server.IgnoreValidators = true;
        server.ResetStats();
        var unchanged = await PollAsync("unchanged", server, ct);
        server.IgnoreValidators = false;
        server.NextRound(1.0);
        var tenthNew = await PollAsync("tenth_new", server, ct);
        return new Dictionary<string, object?> { ["unchanged"] = unchanged, ["tenth_new"] = tenthNew };
    }

    private async Task<Dictionary<string, object?>> PollAsync(string name, OutletServer server, CancellationToken ct)
    {
        var polls = new ConcurrentBag<PollLine>();
        if (keepSnapshots)
        {
            CopyFolder(data, data + "-before-" + name);
        }
        var before = ProcIo.Self();
        var launched = Stopwatch.GetTimestamp();
        log($"re-poll ({name}): `poll` on the cold poll's store, every outlet at once");
        var environment = new Dictionary<string, string>(childEnvironment, StringComparer.Ordinal);
        foreach (var (variable, value) in AllocationTrace.SuspendedEnvironment)
        {
            environment[variable] = value;
        }
        using var child = AggregatorChild.Start(dll, "poll", config, data, null, line =>
        {
            if (PollLine.FromPollOutput(line, Stopwatch.GetElapsedTime(launched).TotalSeconds) is { } poll)
            {
                polls.Add(poll);
            }
        }, environment);
        var trace = await AllocationTrace.AttachAndResumeAsync(child, ct);
        // The process id, to pick this child's samples out of a `perf record` of the whole harness.
        log($"  {name}: child process {child.Id}");
        var (peak, stopped) = await RssSampler.WaitForExitAsync(child, TimeSpan.FromMinutes(10), ct);
        var seconds = Stopwatch.GetElapsedTime(launched).TotalSeconds;
        var (allocated, collections, fullReasons) = await trace.CompleteAsync();
        var after = ProcIo.Self();
        var stats = server.Stats;
        var seen = stats.EntriesSent;
        var stored = polls.Sum(p => (long)p.New);
        var cpu = after.ChildCpuSeconds - before.ChildCpuSeconds;
        var written = after.WriteBytes - before.WriteBytes;
        server.ResetStats();
        log($"  {name}: {seconds:F1} s, {seen} entries read, {stored} new, {cpu:F2} CPU-s ({cpu * 1000 / seen:F3} per 1,000 read" +
            (stored > 0 ? $", {cpu * 1000 / stored:F3} per 1,000 new" : "") + $"), {written / 1024} KB written, {allocated / 1024 / 1024} MB allocated" +
            $" ({(double)allocated / seen:F0} B per entry read), collections {string.Join(' ', collections.OrderBy(c => c.Key).Select(c => $"gen{c.Key}:{c.Value}"))}, peak RSS {peak:F0} MB" +
            (stopped ? "; stopped at the 10-minute limit" : ""));
        return new Dictionary<string, object?>
        {
            ["exit_code"] = child.ExitCode,
            ["stopped_at_limit"] = stopped,
            ["seconds"] = LoadReport.Round(seconds),
            ["server"] = stats.ToString(),
            ["entries_read"] = seen,
            ["new_articles"] = stored,
            ["updated_articles"] = polls.Sum(p => (long)p.Updated),
            ["cpu_s"] = LoadReport.Round(cpu),
            ["cpu_s_per_1000_entries_read"] = LoadReport.Round(cpu * 1000 / seen, 4),
            // Null for the unchanged round: nothing is stored, so nothing to divide by.
            ["cpu_s_per_1000_new_articles"] = stored > 0 ? LoadReport.Round(cpu * 1000 / stored, 3) : null,
            ["write_bytes"] = written,
            ["write_bytes_per_new_article"] = stored > 0 ? LoadReport.Round((double)written / stored, 0) : null,
            ["alloc_bytes"] = allocated,
            ["alloc_bytes_per_entry_read"] = LoadReport.Round((double)allocated / seen, 0),
            ["gc_collections"] = collections.ToDictionary(c => c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Value),
            ["gen2_reasons"] = fullReasons,
            ["peak_rss_mb"] = LoadReport.Round(peak),
            ["loadavg_1m_at_end"] = Machine.LoadAverage(),
        };
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
