using System.Text.RegularExpressions;

namespace Aggregator.Tests;

/// <summary>
/// The stages of src/Aggregator in pipeline order (ARCHITECTURE.md): a file may use its own stage and
/// any stage before it, never one after it. Read from the source text, so a backward arrow fails
/// here before anyone has to notice it in review.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>The order of ARCHITECTURE.md; keep the two in step.</summary>
    public static readonly IReadOnlyList<string> Stages =
    [
        "Model", "Observability", "Fetch", "Parse", "Scrape", "FullText", "Normalize", "Dedup", "Store",
        "Topics", "Configuration", "Pipeline", "Scheduling", "Publish", "WebSub", "Hosting", "Cli",
    ];

    /// <summary>
    /// Backward arrows another branch is removing, each with why it is tolerated until then. An entry that no
    /// longer occurs fails the test too, so the list only shrinks.
    /// </summary>
    private static readonly HashSet<string> Pending =
    [
    ];

    [Fact]
    public void EveryStageUsesOnlyItselfAndEarlierStages()
    {
        var found = BackwardArrows(Path.Combine(TestPaths.RepoRoot, "src", "Aggregator")).ToHashSet(StringComparer.Ordinal);

        var unexpected = found.Except(Pending).Order(StringComparer.Ordinal).ToList();
        var gone = Pending.Except(found).Order(StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, "Arrows against the pipeline order:\n" + string.Join("\n", unexpected));
        Assert.True(gone.Count == 0, "Allow-listed arrows that no longer occur (delete them from Pending):\n" + string.Join("\n", gone));
    }

    /// <summary>
    /// Stages that may see the running configuration whole (ActiveConfig, ConfigSnapshot): where it lives and the wiring.
    /// Every other stage gets what it needs as arguments or a narrow view (IOutletCatalog, Publish's ISiteCatalog, the
    /// refresher's PollRules).
    /// </summary>
    private static readonly HashSet<string> SeeRunningConfiguration = ["Configuration", "Hosting", "Cli"];

    [Fact]
    public void OnlyTheWiringSeesTheRunningConfigurationWhole()
    {
        var sourceRoot = Path.Combine(TestPaths.RepoRoot, "src", "Aggregator");
        var offenders = Stages.Except(SeeRunningConfiguration)
            .SelectMany(stage => Directory.GetFiles(Path.Combine(sourceRoot, stage), "*.cs", SearchOption.AllDirectories))
            .Where(path => RunningConfiguration().IsMatch(Comment().Replace(File.ReadAllText(path), string.Empty)))
            .Select(path => Path.GetRelativePath(sourceRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offenders.Count == 0, "Stages reaching into the running configuration:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void EveryFolderOfSourceIsAStage()
    {
        var folders = Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "src", "Aggregator"))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "Properties"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Stages.Order(StringComparer.Ordinal), folders);
    }

    [Fact]
    public void Scanner_SeesUsingLinesQualifiedNamesAndStageRelativeNames()
    {
        var declared = new Dictionary<string, HashSet<string>> { ["Scheduling"] = ["AdaptiveInterval"], ["Topics"] = ["TopicMatcher"] };
        const string source = """
            using Aggregator.Hosting;
            using static Aggregator.Publish.FeedIds;
            namespace Aggregator.Pipeline;
            // Aggregator.Cli.Ignored in a comment is not an arrow.
            sealed class X { object a = Aggregator.WebSub.Thing.Make(); object b = Scheduling.AdaptiveInterval.Window; object c = config.Topics.Count; }
            """;

        var used = StagesUsedBy(source, declared).Order(StringComparer.Ordinal);

        Assert.Equal(["Hosting", "Publish", "Scheduling", "WebSub"], used);
    }

    [Fact]
    public void ArchitectureDocument_NamesTheStagesInTheTestsOrder()
    {
        var document = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "ARCHITECTURE.md"));
        var order = OrderLine().Match(document);

        Assert.True(order.Success, "ARCHITECTURE.md has no line `Order: Model ← … ← Cli`");
        Assert.Equal(Stages, order.Groups[1].Value.Split('←', StringSplitOptions.TrimEntries));
    }

    private static IEnumerable<string> BackwardArrows(string sourceRoot)
    {
        var files = Stages.ToDictionary(s => s, s => Directory.GetFiles(Path.Combine(sourceRoot, s), "*.cs", SearchOption.AllDirectories));
        var declared = files.ToDictionary(f => f.Key, f => f.Value.SelectMany(p => TypeDeclaration().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));
        foreach (var (stage, paths) in files)
        {
            var rank = Rank(stage);
            foreach (var path in paths)
            {
                foreach (var used in StagesUsedBy(File.ReadAllText(path), declared).Where(u => Rank(u) > rank))
                {
                    yield return $"{Path.GetRelativePath(sourceRoot, path).Replace('\\', '/')} -> {used}";
                }
            }
        }
    }

    private static int Rank(string stage) => Stages.ToList().IndexOf(stage);

    /// <summary>
    /// Stages named by `using Aggregator.X`, by `Aggregator.X.` anywhere in code, and by `X.Type` where X is a stage
    /// declaring Type (inside namespace Aggregator.* a sibling stage needs no prefix).
    /// </summary>
    private static HashSet<string> StagesUsedBy(string source, Dictionary<string, HashSet<string>> declared)
    {
        var code = Comment().Replace(source, string.Empty);
        code = NamespaceLine().Replace(code, string.Empty);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in QualifiedName().Matches(code))
        {
            used.Add(m.Groups[1].Value);
        }
        foreach (Match m in StageRelativeName().Matches(code))
        {
            if (declared.TryGetValue(m.Groups[1].Value, out var types) && types.Contains(m.Groups[2].Value))
            {
                used.Add(m.Groups[1].Value);
            }
        }
        used.IntersectWith(Stages);
        return used;
    }

    [GeneratedRegex(@"\b(?:ActiveConfig|ConfigSnapshot)\b")]
    private static partial Regex RunningConfiguration();

    [GeneratedRegex(@"^Order: (.+)$", RegexOptions.Multiline)]
    private static partial Regex OrderLine();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^namespace [\w.]+;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bAggregator\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex StageRelativeName();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
