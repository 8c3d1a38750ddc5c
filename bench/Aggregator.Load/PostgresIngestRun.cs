using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Aggregator.Load;

/// <summary>
/// Issue 23's store comparison: the same cold `poll` (every outlet at once, empty store) once on SQLite and once on a
/// fresh database of the private PostgreSQL cluster, each as CPU seconds per 1,000 articles stored. On PostgreSQL the
/// server's CPU counts too: a store that moves its work into the database server is not cheaper for it.
/// </summary>
internal sealed class PostgresIngestRun(string dll, string config, string temp, Action<string> log)
{
    public async Task<SortedDictionary<string, object?>> RunAsync(OutletServer server, CancellationToken ct)
    {
        var postgres = await Aggregator.Tests.Fixtures.PostgresServer.Shared;
        var figures = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["outlets"] = server.Outlets.Count };

        server.ResetStats();
        var sqlite = await ColdPollAsync(Path.Combine(temp, "pg-ingest-sqlite"), null, null, ct);
        figures["sqlite"] = sqlite.Describe();

        server.ResetStats();
        var store = await postgres.CreateDatabaseAsync(pooled: true);
        var cluster = await PostgresCluster.FindAsync(store, ct);
        var pg = await ColdPollAsync(Path.Combine(temp, "pg-ingest-postgres"), store, cluster, ct);
        figures["postgres"] = pg.Describe();
        figures["postgres_over_sqlite"] = LoadReport.Round(pg.TotalPer1000 / sqlite.TotalPer1000, 2);
        log(string.Create(CultureInfo.InvariantCulture,
            $"  CPU-s per 1,000 articles: SQLite {sqlite.TotalPer1000:F3}; PostgreSQL {pg.TotalPer1000:F3} (worker {pg.WorkerPer1000:F3} + server {pg.ServerPer1000:F3}): {pg.TotalPer1000 / sqlite.TotalPer1000:F2}x"));
        return figures;
    }

    private async Task<Ingest> ColdPollAsync(string data, string? store, PostgresCluster? cluster, CancellationToken ct)
    {
        var name = store is null ? "SQLite" : "PostgreSQL";
        log($"cold poll on {name}: `poll` on an empty store, every outlet at once");
        var polls = new ConcurrentBag<PollLine>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var serverBefore = cluster?.CpuSeconds() ?? 0;
        var before = ProcIo.Self();
        var launched = Stopwatch.GetTimestamp();
        using (var child = AggregatorChild.Start(dll, "poll", config, data, null, line =>
        {
            if (PollLine.FromPollOutput(line, 0) is { } poll)
            {
                polls.Add(poll);
                if (poll.Status == "failed")
                {
                    // The reason without the outlet: polls that fail alike are counted together.
                    failures.AddOrUpdate(FailureReason(line), 1, (_, n) => n + 1);
                }
            }
        }, store is null ? null : new Dictionary<string, string> { ["AGGREGATOR_STORE"] = store }))
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromMinutes(10));
            await child.WaitForExitAsync(limit.Token);
            if (child.ExitCode != 0 && polls.IsEmpty)
            {
                throw new InvalidOperationException($"load: `poll` on {name} exited with {child.ExitCode}:\n{string.Join('\n', child.Tail.TakeLast(20))}");
            }
        }
        var seconds = Stopwatch.GetElapsedTime(launched).TotalSeconds;
        var worker = ProcIo.Self().ChildCpuSeconds - before.ChildCpuSeconds;
        // The poll's backends end when its connections close; the postmaster reaps them into its children's CPU.
        var server = cluster is null ? 0 : await cluster.SettledCpuSecondsAsync(ct) - serverBefore;
        var ingest = new Ingest(polls.Sum(p => (long)p.New), seconds, worker, server)
        {
            FailedPolls = polls.Count(p => p.Status == "failed"),
            Failures = failures.OrderByDescending(f => f.Value).Take(5).ToDictionary(f => f.Key, f => f.Value),
        };
        log(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {ingest.Articles} articles in {seconds:F1} s, {ingest.FailedPolls} polls failed; worker {worker:F1} CPU-s, server {server:F1} CPU-s: {ingest.TotalPer1000:F3} per 1,000"));
        return ingest;
    }

    /// <summary>"ID  failed  …  Nms  reason": the reason, with digits blanked so one cause is one key.</summary>
    private static string FailureReason(string line)
    {
        var reason = line[(line.IndexOf("ms  ", StringComparison.Ordinal) is var at and >= 0 ? at + 4 : 0)..];
        return System.Text.RegularExpressions.Regex.Replace(reason.Length > 160 ? reason[..160] : reason, "[0-9]+", "N");
    }

    private sealed record Ingest(long Articles, double Seconds, double WorkerCpuS, double ServerCpuS)
    {
        /// <summary>Polls that stored nothing (a fetch error, or a store error such as a timeout waiting for the ingest lock): their CPU is in the figures.</summary>
        public int FailedPolls { get; init; }
        public Dictionary<string, int> Failures { get; init; } = [];

        public double WorkerPer1000 => WorkerCpuS * 1000 / Articles;
        public double ServerPer1000 => ServerCpuS * 1000 / Articles;
        public double TotalPer1000 => WorkerPer1000 + ServerPer1000;

        public Dictionary<string, object?> Describe() => new()
        {
            ["articles"] = Articles,
            ["failed_polls"] = FailedPolls,
            ["failures"] = Failures,
            ["seconds"] = LoadReport.Round(Seconds),
            ["worker_cpu_s"] = LoadReport.Round(WorkerCpuS),
            ["server_cpu_s"] = LoadReport.Round(ServerCpuS),
            ["worker_cpu_s_per_1000_articles"] = LoadReport.Round(WorkerPer1000, 3),
            ["server_cpu_s_per_1000_articles"] = LoadReport.Round(ServerPer1000, 3),
            ["cpu_s_per_1000_articles"] = LoadReport.Round(TotalPer1000, 3),
            ["loadavg_1m_at_end"] = Machine.LoadAverage(),
        };
    }

    /// <summary>
    /// The PostgreSQL server's processes, by /proc: the postmaster and its children (backends, checkpointer, WAL writer,
    /// autovacuum). A backend that has exited is in the postmaster's reaped-children CPU (cutime, cstime), so the sum over
    /// the live processes plus that never loses a process's work.
    /// </summary>
    private sealed class PostgresCluster(int postmaster)
    {
        public static async Task<PostgresCluster> FindAsync(string connectionString, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid();", connection);
            var backend = (int)(await command.ExecuteScalarAsync(ct))!;
            return new PostgresCluster(int.Parse(Fields(backend)![1], CultureInfo.InvariantCulture));
        }

        public double CpuSeconds()
        {
            var own = Fields(postmaster) ?? throw new InvalidOperationException($"load: PostgreSQL's postmaster {postmaster} is gone");
            long ticks = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid) && Fields(pid) is { } fields && fields[1] == own[^1])
                {
                    ticks += Ticks(fields, 11) + Ticks(fields, 12);
                }
            }
            return ticks / 100.0;
        }

        /// <summary>The server's CPU once no backend of the poll is left (or after 10 s), so its exit is counted.</summary>
        public async Task<double> SettledCpuSecondsAsync(CancellationToken ct)
        {
            var waited = Stopwatch.StartNew();
            while (Backends() > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100, ct);
            }
            return CpuSeconds();
        }

        private int Backends() => Directory.EnumerateDirectories("/proc")
            .Count(folder => int.TryParse(Path.GetFileName(folder), out var pid) && Fields(pid) is { } fields
                && fields[1] == postmaster.ToString(CultureInfo.InvariantCulture) && Command(pid).Contains("aggregator", StringComparison.Ordinal));

        private static string Command(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                return "";
            }
        }

        private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);

        /// <summary>/proc/PID/stat after the command name: state, ppid, …, utime (11), stime (12), cutime (13), cstime (14); the pid itself appended last.</summary>
        private static string[]? Fields(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return [.. stat[(stat.LastIndexOf(')') + 2)..].Split(' '), pid.ToString(CultureInfo.InvariantCulture)];
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
