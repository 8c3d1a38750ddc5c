using Aggregator.Configuration;

namespace Aggregator.Cli;

/// <summary>Loads feeds.json for a command, printing every problem when it is invalid.</summary>
internal static class ConfigGate
{
    public static ConfigSnapshot? Load(string path, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        if (result.IsValid)
        {
            return ConfigSnapshot.From(result.Config!, path);
        }
        foreach (var problem in result.Problems)
        {
            error.WriteLine(problem.ToString());
        }
        return null;
    }
}
