namespace Aggregator.Store.Sqlite;

/// <summary>
/// The data folder and database are created for their owner alone (0700 and 0600): they hold what
/// outlets behind credentials published, and the process umask (often 022) would leave them readable
/// to every local user. SQLite gives the -wal and -shm files the database file's mode, so creating
/// the database file first is what keeps those private too. Existing files keep the mode the operator gave them.
/// </summary>
internal static class OwnerOnlyFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates an empty file (which SQLite reads as an empty database) unless one is there.</summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }
        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second command on the same data) created it first.
        }
    }
}
