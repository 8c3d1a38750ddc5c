using Npgsql;

namespace Aggregator.Tests.Fixtures;

/// <summary>
/// A private PostgreSQL cluster for the test run: Debian's server binaries, a data folder under
/// the temp folder, loopback only, started once per test process and stopped when it exits.
/// Every test gets a database of its own. With $AGGREGATOR_TEST_POSTGRES (a connection string
/// of a role allowed to create databases) an existing server is used instead.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);

    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>A new, empty database; its connection string.</summary>
    /// <param name="pooled">
    /// Pool connections, as an operator's connection string does by default: for worker processes, which would
    /// otherwise open a PostgreSQL backend for every poll and every scheduler round. In-process tests leave it
    /// off: they create hundreds of stores, whose idle pooled connections would add up to max_connections.
    /// </param>
    public async Task<string> CreateDatabaseAsync(bool pooled = false)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = pooled }.ToString();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("AGGREGATOR_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing);
        }
        var bin = FindBinaries();
        SweepAbandoned(bin);
        var root = Directory.CreateTempSubdirectory(Prefix).FullName;
        // Who owns the cluster: a test process killed before ProcessExit (a cancelled or timed-out run) leaves it behind,
        // and the next run's sweep finds it by this file.
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = Path.Combine(root, "data");
        var port = FreePort.Next();
        // initdb and postgres refuse to run as root: as root (CI, containers) they run as Debian's postgres user.
        var asUser = Environment.UserName == "root" ? "postgres" : null;
        if (asUser is not null)
        {
            await RunAsync("chown", [$"{asUser}:", root], null);
        }
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "aggregator", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asUser);
        // fsync off: a test cluster is thrown away, and durability is SQLite's and PostgreSQL's own business.
        // 1,000 connections: with three test collections at once, PostgresSearchPlanTests' stores, the cluster test's
        // three workers and the PostgreSQL run tests together ran out of 300 ("too many clients") in a clean-clone run.
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000",
            "start"], asUser);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Immediate: nothing in a test cluster is worth a checkpoint.
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asUser).GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=aggregator;Database=postgres;Pooling=false");
    }

    internal const string Prefix = "aggregator-pg-";
    internal const string OwnerFile = "owner.pid";

    /// <summary>
    /// Clusters whose test process is gone: stopped if their server still runs, then deleted. Without this, runs killed
    /// before their ProcessExit left a cluster each (a busy development machine once held 155 of them, 74 GB, and ran out
    /// of disk). A folder without an owner file is left alone: it may be one being created right now.
    /// </summary>
    internal static void SweepAbandoned(string bin)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder, OwnerFile);
                if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || IsRunning(pid))
                {
                    continue;
                }
                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    var asUser = Environment.UserName == "root" ? "postgres" : null;
                    // Best effort: a server already gone makes pg_ctl fail, and the folder goes all the same.
                    try
                    {
                        RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asUser).GetAwaiter().GetResult();
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run sweeping the same folder, or one we may not delete: not this run's business.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package (.ci/run does), or set AGGREGATOR_TEST_POSTGRES");
    }

    private static async Task RunAsync(string program, string[] arguments, string? asUser)
    {
        var (exitCode, output, error) = asUser is null
            ? await ExternalTool.RunAsync(program, arguments, timeoutSeconds: 120)
            : await ExternalTool.RunAsync("runuser", ["-u", asUser, "--", program, .. arguments], timeoutSeconds: 120);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({exitCode}): {output} {error}");
        }
    }
}
