namespace Aggregator.Configuration;

/// <summary>
/// Reads feeds.json: JSON with comments and trailing commas, every problem reported at once with
/// its line, column and path, the model returned only when there is none.
/// </summary>
public static class ConfigLoader
{
    public static ConfigLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
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

    private static ConfigLoadResult Failure(string file, string message) =>
        new(null, [new ConfigProblem(file, 1, 1, "$", message)]);
}
