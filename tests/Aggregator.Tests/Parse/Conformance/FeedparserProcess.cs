using System.Diagnostics;
using System.Text.Json;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// python3-feedparser (Debian's, which CI installs; never the pyenv python on PATH), run once over a whole batch of
/// files: one process per test, not one per file, keeps the suite's time low.
/// </summary>
public static class FeedparserProcess
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, json, warnings
        warnings.filterwarnings("ignore")
        import feedparser
        out = []
        for path in json.load(open(sys.argv[1])):
            try:
                with open(path, "rb") as f:
                    out.append(len(feedparser.parse(f.read()).entries))
            except Exception:
                out.append(-1)
        json.dump({"version": feedparser.__version__, "counts": out}, sys.stdout)
        """;

    /// <summary>feedparser's entry count for each file, in order; -1 where feedparser raised.</summary>
    public static (string Version, IReadOnlyList<int> Counts) EntryCounts(IReadOnlyList<string> files)
    {
        using var temp = new TempFolder();
        var list = temp.File("files.json");
        var script = temp.File("count.py");
        File.WriteAllText(list, JsonSerializer.Serialize(files));
        File.WriteAllText(script, Script);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(list);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("feedparser did not finish in 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} with feedparser failed (is python3-feedparser installed?): {stderr.Result}");
        }

        using var json = JsonDocument.Parse(stdout);
        return (json.RootElement.GetProperty("version").GetString()!, json.RootElement.GetProperty("counts").EnumerateArray().Select(c => c.GetInt32()).ToList());
    }
}
