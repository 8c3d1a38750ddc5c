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
        string text;
        try
        {
            if (ReadBounded(path) is not { } read)
            {
                return Failure(path, $"the config file is over {MaxBytes / (1024 * 1024)} MB: not a feeds.json (was something else saved over it?)");
            }
            text = read;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failure(path, $"config file not found ({Path.GetFullPath(path)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure(path, "cannot read the config file: " + e.Message);
        }

        return Parse(text, path);
    }

    public static ConfigLoadResult Parse(string text, string fileName)
    {
        var read = PositionedJsonReader.Read(text);
        if (read.Root is null)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(fileName, read.ErrorPosition.Line, read.ErrorPosition.Column, "$", read.Error!)]);
        }

        var problems = ConfigValidator.Validate(read.Root, fileName);
        return problems.Count > 0
            ? new ConfigLoadResult(null, problems)
            : new ConfigLoadResult(ConfigMapper.Map(read.Root), []);
    }

    /// <summary>The file's text, decoded as File.ReadAllText does (UTF-8 unless a byte order mark says otherwise); null past <see cref="MaxBytes"/>.</summary>
    private static string? ReadBounded(string path)
    {
        // Read up to the bound, not by the length stat reports: a device or a pipe reports none and never ends.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        using var bytes = new MemoryStream();
        var buffer = new byte[81_920];
        int n;
        while ((n = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bytes.Length + n > MaxBytes)
            {
                return null;
            }
            bytes.Write(buffer, 0, n);
        }
        bytes.Position = 0;
        using var reader = new StreamReader(bytes, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static ConfigLoadResult Failure(string file, string message) =>
        new(null, [new ConfigProblem(file, 1, 1, "$", message)]);
}
