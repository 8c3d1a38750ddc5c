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
        var asUserForStale = Environment.UserName == "root" ? "postgres" : null;
        await RemoveStaleAsync(bin, asUserForStale);
        var root = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
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
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start"], asUser);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Immediate: nothing in a test cluster is worth a checkpoint.
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asUser).GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=aggregator;Database=postgres;Pooling=false");
    }

    private const string FolderPrefix = "aggregator-pg-";

    /// <summary>The test process a cluster belongs to, beside its data folder.</summary>
    private const string OwnerFile = "owner.pid";

    /// <summary>
    /// Clusters of test processes that are gone. Their own clean-up runs at process exit, which a test host killed
    /// by its runner, or ended before deleting over a gigabyte, never finishes: 157 of them filled the disk of a
    /// machine shared by several developers. A cluster whose owner still runs, or that names no owner, is left alone.
    /// </summary>
    private static async Task RemoveStaleAsync(string bin, string? asUser)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder, OwnerFile);
                if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || IsRunning(pid))
                {
                    continue;
                }
                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    // Its server outlived its owner: stopped first, so no process writes into what is deleted.
                    await ExternalTool.RunAsync(asUser is null ? Path.Combine(bin, "pg_ctl") : "runuser",
                        asUser is null ? ["-D", data, "-m", "immediate", "stop"] : ["-u", asUser, "--", Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                        timeoutSeconds: 60);
                }
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another test process removing it at the same moment, or not ours to remove: left as it is.
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

    private static string FindBinaries()
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
