using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// A consistent copy of the database at <paramref name="destination"/>, by SQLite's online backup: one read
    /// transaction, so a running worker keeps polling and serving (WAL lets it write meanwhile) and the copy is
    /// the store as of one moment. Written beside the destination and renamed, so a failed backup never leaves
    /// a half copy under the name. Returns the copy's size in bytes.
    /// </summary>
    public async Task<long> BackupAsync(string destination, CancellationToken ct)
    {
        var target = Path.GetFullPath(destination);
        if (string.Equals(target, DatabasePath, StringComparison.Ordinal))
        {
            throw new StoreException($"backup: {target} is the database itself; choose another file");
        }
        var partial = target + ".partial";
        try
        {
            File.Delete(partial);
            OwnerOnlyFiles.CreateFile(partial);
            await using var source = await OpenAsync(ct);
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = partial,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString()))
            {
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
                // One self-contained file: a copy in WAL mode would grow -wal and -shm files wherever it is opened.
                await ExecuteAsync(copy, "PRAGMA journal_mode = DELETE;", ct);
            }
            File.Move(partial, target, overwrite: true);
            return new FileInfo(target).Length;
        }
        catch (SqliteException e)
        {
            File.Delete(partial);
            throw new StoreException($"backup: cannot write {target} ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new StoreException($"backup: cannot write {target} ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }
}
