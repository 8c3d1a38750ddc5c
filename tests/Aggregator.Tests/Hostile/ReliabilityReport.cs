using System.Collections.Concurrent;
using System.Text;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// The figures the reliability suite measures, written to tests/reliability-report.md as each of its classes ends, so
/// every CI run regenerates the checked-in report. Each class has its own instance (a class fixture), so the classes run
/// in parallel; the sections are the process's, so whichever class ends last writes them all.
/// </summary>
public sealed class ReliabilityReport : IDisposable
{
    // One set of sections for the whole run: every class's fixture records into it.
    private static readonly ConcurrentDictionary<string, string> RunSections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _sections = RunSections;
    private static readonly Lock Writing = new();

    public static string FilePath => Path.Combine(TestPaths.RepoRoot, "tests", "reliability-report.md");

    public void Record(string section, string markdown) => _sections[section] = markdown.TrimEnd();

    public void Dispose()
    {
        if (_sections.IsEmpty)
        {
            return;
        }
        var text = new StringBuilder()
            .AppendLine("# Reliability report")
            .AppendLine()
            .AppendLine("Written by the reliability suite (`tests/Aggregator.Tests/Hostile/`) on every run:")
            .AppendLine("`dotnet test Aggregator.sln --filter \"FullyQualifiedName~Aggregator.Tests.Hostile\"`.")
            .AppendLine("Each case runs the real program as a child process against a local hostile outlet server.")
            .AppendLine();
        lock (Writing)
        {
            foreach (var (_, markdown) in _sections.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.AppendLine(markdown).AppendLine();
            }
            // Written beside it and moved over it: GeneratedReportsTests may read the report while a class ends.
            var partial = FilePath + ".partial";
            File.WriteAllText(partial, text.ToString().TrimEnd() + "\n");
            File.Move(partial, FilePath, overwrite: true);
        }
    }
}
