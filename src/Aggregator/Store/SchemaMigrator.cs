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
    /// <param name="begin">Opens one step's transaction; a provider shared by several workers takes its migration lock inside it.</param>
    /// <param name="location">The file or database, for the message.</param>
    public static async Task MigrateAsync(
        Func<CancellationToken, Task<IMigrationTransaction>> begin, IReadOnlyList<string> steps, string location, CancellationToken ct)
    {
        while (true)
        {
            await using var tx = await begin(ct);
            // Read inside the step's transaction: another worker may have applied it meanwhile.
            var version = await tx.VersionAsync(ct);
            if (version > steps.Count)
            {
                throw new StoreException(
                    $"store: database schema version {version} at {location} is newer than this program knows ({steps.Count}); refusing to touch it");
            }
            if (version == steps.Count)
            {
                return;
            }
            await tx.ApplyAsync(steps[version], version + 1, ct);
            await tx.CommitAsync(ct);
        }
    }
}

/// <summary>One migration step's transaction, in a provider's SQL.</summary>
internal interface IMigrationTransaction : IAsyncDisposable
{
    /// <summary>How many steps the database has recorded.</summary>
    Task<int> VersionAsync(CancellationToken ct);

    /// <summary>Runs the step and records <paramref name="version"/>, in this transaction.</summary>
    Task ApplyAsync(string step, int version, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}
