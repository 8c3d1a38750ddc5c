using System.Collections.Concurrent;
using System.Text;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// The figures the reliability suite measures, written to tests/reliability-report.md when the
/// suite ends, so every CI run regenerates the checked-in report.
/// </summary>
public sealed class ReliabilityReport : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _sections = new(StringComparer.Ordinal);

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
        foreach (var (_, markdown) in _sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.AppendLine(markdown).AppendLine();
        }
        File.WriteAllText(FilePath, text.ToString().TrimEnd() + "\n");
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilitySuite : ICollectionFixture<ReliabilityReport>
{
    /// <summary>One collection: the cases run one after another, so each child's memory figure is its own.</summary>
    public const string Name = "reliability";
}
