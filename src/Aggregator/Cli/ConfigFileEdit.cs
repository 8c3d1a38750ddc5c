using Aggregator.Configuration;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Cli;

/// <summary>Adds outlets to feeds.json in place, only ever writing a file that validates.</summary>
internal static class ConfigFileEdit
{
    /// <summary>Ids and canonical feed URLs already configured, so nothing is added twice.</summary>
    public static (HashSet<string> Ids, HashSet<string> Urls) Existing(Model.AggregatorConfig config) =>
        (config.Outlets.Select(o => o.Id).ToHashSet(StringComparer.Ordinal),
         config.Outlets.Select(o => UrlCanonicalizer.Canonicalize(o.Url)).ToHashSet(StringComparer.Ordinal));

    /// <returns>0 when written; 1 after printing why not.</returns>
    public static async Task<int> AppendAsync(string path, IReadOnlyList<OutletDraft> outlets, TextWriter error, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(path, ct);
        if (ConfigEditor.AppendOutlets(text, outlets, out var problem) is not { } edited)
        {
            error.WriteLine($"{path}: {problem}");
            return 1;
        }
        var check = ConfigLoader.Parse(edited, path);
        if (!check.IsValid)
        {
            error.WriteLine($"{path}: not changed, the edit would make it invalid:");
            foreach (var p in check.Problems)
            {
                error.WriteLine(p.ToString());
            }
            return 1;
        }
        // Write beside, then move: a running worker's reload never reads half a file.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, edited, ct);
        if (!OperatingSystem.IsWindows())
        {
            // feeds.json can hold outlet credentials (headers): the edit keeps the mode the operator gave it, not the umask's.
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }
        File.Move(temp, path, overwrite: true);
        return 0;
    }
}
