using System.Text.RegularExpressions;

namespace Aggregator.Tests;

/// <summary>Issue 22: the reports under tests/ read the same whichever machine and folder produced them.</summary>
public sealed partial class GeneratedReportsTests
{
    public static TheoryData<string> Reports()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "tests"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Report_NamesFilesRelativeToTheRepository_AndNoMachine(string report)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", report));
        var machine = Environment.MachineName;

        Assert.DoesNotContain(TestPaths.RepoRoot, text, StringComparison.Ordinal);
        Assert.Empty(AbsolutePath().Matches(text).Select(m => m.Value));
        Assert.DoesNotContain("scratch project", text, StringComparison.OrdinalIgnoreCase);
        // A short name ("vm") is an ordinary word; a real host name is long enough not to be.
        if (machine.Length >= 5)
        {
            Assert.DoesNotContain(machine, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    // A rooted path in a report: /work/…, /home/…, /tmp/…, C:\…; URLs (https://host/…) are not paths.
    [GeneratedRegex(@"(?<![\w.:/~-])/(?:work|home|tmp|root|Users|var|opt|mnt|srv)/[\w./-]+|\b[A-Z]:\\[\w\\]+")]
    private static partial Regex AbsolutePath();
}
