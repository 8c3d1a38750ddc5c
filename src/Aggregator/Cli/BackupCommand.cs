using System.CommandLine;
using System.Globalization;
using Aggregator.Store;
using Aggregator.Store.Sqlite;

namespace Aggregator.Cli;

/// <summary>
/// `backup --out FILE`: a consistent copy of the SQLite store, taken with SQLite's online backup while
/// `run` keeps running. A PostgreSQL store is backed up with pg_dump (README).
/// </summary>
public static class BackupCommand
{
    private static readonly Option<string> Out = new("--out")
    {
        Description = "The file to write the copy to (replaced if it exists)",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("backup", "Write a consistent copy of the SQLite store to FILE, also while the worker runs") { Out };
        command.SetAction(async (parse, ct) =>
        {
            var paths = CommonOptions.Paths(parse);
            var error = parse.InvocationConfiguration.Error;
            if (paths.Store.IsShared)
            {
                error.WriteLine("backup: the store is a PostgreSQL database; back it up with pg_dump (see the README, \"Backups\")");
                return 1;
            }
            // A backup of nothing is a mistake worth saying, not an empty file.
            if (!File.Exists(paths.DatabasePath))
            {
                error.WriteLine($"backup: no database at {paths.DatabasePath}");
                return 1;
            }
            using var store = new SqliteStore(paths.DatabasePath);
            var bytes = await store.BackupAsync(parse.GetValue(Out)!, ct);
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"backup: wrote {Path.GetFullPath(parse.GetValue(Out)!)} ({bytes} bytes)"));
            return 0;
        });
        return command;
    }
}
