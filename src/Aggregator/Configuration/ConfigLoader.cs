namespace Aggregator.Configuration;

/// <summary>
/// Reads feeds.json: JSON with comments and trailing commas, every problem reported at once with
/// its line, column and path, the model returned only when there is none.
/// </summary>
public static class ConfigLoader
{
    /// <summary>
    /// The largest feeds.json read. Written by hand or by `add`, ten thousand outlets take about 2 MB; a file far past
    /// this is something else saved over it (a log, a dump, /dev/zero behind a symlink), and reading it whole at each
    /// save would hold it in memory twice over while the running configuration goes on.
    /// </summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static ConfigLoadResult Load(string path)
    {
        ReadOnlyMemory<byte> bytes;
        try
        {
            if (ReadBounded(path) is not { } read)
            {
                return Failure(path, $"the config file is over {MaxBytes / (1024 * 1024)} MB: not a feeds.json (was something else saved over it?)");
            }
            bytes = read;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failure(path, $"config file not found ({Path.GetFullPath(path)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure(path, "cannot read the config file: " + e.Message);
        }

        return Parse(PositionedJsonReader.ReadFile(bytes), path);
    }

    public static ConfigLoadResult Parse(string text, string fileName) => Parse(PositionedJsonReader.Read(text), fileName);

    private static ConfigLoadResult Parse(JsonReadResult read, string fileName)
    {
        if (read.Root is null)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(fileName, read.ErrorPosition.Line, read.ErrorPosition.Column, "$", read.Error!)]);
        }

        var problems = ConfigValidator.Validate(read.Root, fileName);
        return problems.Count > 0
            ? new ConfigLoadResult(null, problems)
            : new ConfigLoadResult(ConfigMapper.Map(read.Root), []);
    }

    /// <summary>
    /// The file's bytes, in one array sized by the length the file reports (and grown only when it lied); null past
    /// <see cref="MaxBytes"/>. A stream, its copy and the decoded text were three large objects more per read, there while
    /// the worker starts and at each reload (issue 23, bench/alloc-profile.md).
    /// </summary>
    private static ReadOnlyMemory<byte>? ReadBounded(string path)
    {
        // Read up to the bound, not by the length stat reports: a device or a pipe reports none and never ends.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var reported = file.CanSeek ? file.Length : 0;
        // One byte over what the file reports, so its end is seen without growing the array.
        var buffer = new byte[Math.Clamp(reported + 1, 4096, MaxBytes + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > MaxBytes)
                {
                    return null;
                }
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, MaxBytes + 1L));
            }
            var n = file.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                break;
            }
            length += n;
        }
        return length > MaxBytes ? null : buffer.AsMemory(0, length);
    }

    private static ConfigLoadResult Failure(string file, string message) =>
        new(null, [new ConfigProblem(file, 1, 1, "$", message)]);
}
