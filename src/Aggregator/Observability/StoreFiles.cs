namespace Aggregator.Observability;

/// <summary>Size on disk of the SQLite database, for the `aggregator_store_size_bytes` gauge.</summary>
public static class StoreFiles
{
    /// <summary>The database plus its -wal and -shm files: the WAL can outgrow the main file between checkpoints.</summary>
    public static long? SizeOf(string databasePath)
    {
        var main = new FileInfo(databasePath);
        if (!main.Exists)
        {
            return null;
        }
        var total = main.Length;
        foreach (var suffix in (ReadOnlySpan<string>)["-wal", "-shm"])
        {
            var side = new FileInfo(databasePath + suffix);
            if (side.Exists)
            {
                total += side.Length;
            }
        }
        return total;
    }
}
