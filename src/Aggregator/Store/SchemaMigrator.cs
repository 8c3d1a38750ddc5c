using System.Data.Common;
using System.Globalization;

namespace Aggregator.Store;

/// <summary>
/// Brings a store's schema up to the program's ordered list of steps, the same way on every provider:
/// each step in a transaction of its own, with the version that records it. A step that fails leaves
/// the steps before it applied and recorded, so the next start resumes at the failed one, and an upgrade
/// of many steps never holds one long transaction over the whole database. A schema newer than the
/// program (a downgrade) is refused untouched.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Marks a step the migrator runs without a transaction (and so must be safe to run twice).</summary>
    public const string OutsideTransaction = "-- outside a transaction\n";

    /// <param name="location">The file or database, for the message.</param>
    public static async Task MigrateAsync(DbConnection connection, SchemaVersionSql sql, IReadOnlyList<string> steps, string location, CancellationToken ct)
    {
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            foreach (var statement in sql.Prologue)
            {
                await ExecuteAsync(connection, tx, statement, ct);
            }
            // Read inside the step's transaction: another worker may have applied it meanwhile.
            var version = await ScalarAsync(tx, sql.Read, ct) is { } read and not DBNull ? Convert.ToInt32(read, CultureInfo.InvariantCulture) : 0;
            if (version > steps.Count)
            {
                throw new StoreException(
                    $"store: database schema version {version} at {location} is newer than this program knows ({steps.Count}); refusing to touch it");
            }
            if (version == steps.Count)
            {
                return;
            }
            if (steps[version].StartsWith(OutsideTransaction, StringComparison.Ordinal))
            {
                // Some steps cannot run in a transaction (SQLite's VACUUM); they must be safe to repeat if the
                // process dies between the step and its record.
                await tx.RollbackAsync(ct);
                await ExecuteAsync(connection, null, steps[version], ct);
                await ExecuteAsync(connection, null, sql.Record(version + 1), ct);
                continue;
            }
            await ExecuteAsync(connection, tx, steps[version], ct);
            await ExecuteAsync(connection, tx, sql.Record(version + 1), ct);
            await tx.CommitAsync(ct);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}

/// <summary>Where a provider keeps its schema version, in its SQL.</summary>
/// <param name="Prologue">Run first in every step's transaction (a lock that makes workers take steps one at a time).</param>
/// <param name="Read">Reads the version (no row, or null: none yet).</param>
/// <param name="Record">Records a version, in the step's transaction.</param>
internal sealed record SchemaVersionSql(IReadOnlyList<string> Prologue, string Read, Func<int, string> Record);
