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
        // The source for what the compiler folds away (constants, nameof), the compiled assembly for what the text hides.
        var found = BackwardArrows(Path.Combine(TestPaths.RepoRoot, "src", "Aggregator"))
            .Concat(CompiledBackwardArrows(typeof(Aggregator.Model.Outlet).Assembly.Location, "Aggregator"))
            .ToHashSet(StringComparer.Ordinal);

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
        var declared = new Dictionary<string, HashSet<string>> { ["Scheduling"] = ["AdaptiveInterval"], ["Topics"] = ["TopicMatcher"], ["Store"] = ["Sqlite"] };
        const string source = """
            using Aggregator.Hosting;
            using static Aggregator.Publish.FeedIds;
            namespace Aggregator.Pipeline;
            // Aggregator.Cli.Ignored in a comment is not an arrow.
            sealed class X { object a = Aggregator.WebSub.Thing.Make(); object b = Scheduling.AdaptiveInterval.Window; object c = config.Topics.Count; object d = Store.Sqlite.SqliteSearchIndex.UnreadableTexts; }
            """;

        var used = StagesUsedBy(source, declared).Order(StringComparer.Ordinal);

        Assert.Equal(["Hosting", "Publish", "Scheduling", "Store", "WebSub"], used);
    }

    [Fact]
    public void CompiledScan_SeesNamesWrittenInlineInBodiesLambdasStateMachinesAndFields()
    {
        // ArchitectureSample is a stand-in for src/Aggregator inside this assembly: its Observability reaches into its
        // Store.Sqlite only by names written inline, as Observability once read Store.Sqlite.SqliteSearchIndex.
        const string sample = "Aggregator.Tests.ArchitectureSample";

        var arrows = CompiledBackwardArrows(typeof(ArchitectureTests).Assembly.Location, sample).Order(StringComparer.Ordinal);

        Assert.Equal(
            new[] { "SampleAsyncMetrics", "SampleFieldMetrics", "SampleLambdaMetrics", "SampleMetrics" }
                .Select(t => $"{sample}.Observability.{t} -> Store ({sample}.Store.Sqlite.SampleSearchIndex)"),
            arrows);
    }

    [Fact]
    public void EverySourceFileDeclaresTheNamespaceOfItsFolder()
    {
        // The compiled scan knows a type's stage only by its namespace, so the namespace must say where the file lives.
        var sourceRoot = Path.Combine(TestPaths.RepoRoot, "src", "Aggregator");
        var astray = Stages
            .SelectMany(stage => Directory.GetFiles(Path.Combine(sourceRoot, stage), "*.cs", SearchOption.AllDirectories))
            .Select(path => (Path: Path.GetRelativePath(sourceRoot, path).Replace('\\', '/'), Declared: NamespaceName().Match(File.ReadAllText(path))))
            .Where(f => !f.Declared.Success || f.Declared.Groups[1].Value != "Aggregator." + Path.GetDirectoryName(f.Path)!.Replace('/', '.'))
            .Select(f => $"{f.Path}: {(f.Declared.Success ? f.Declared.Groups[1].Value : "no file-scoped namespace")}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(astray.Count == 0, "Files whose namespace is not their folder's:\n" + string.Join("\n", astray));
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
        // A stage's types and its sub-namespaces: `Store.Sqlite.SqliteSearchIndex` names Store as surely as `Store.Type`.
        var declared = files.ToDictionary(f => f.Key, f => f.Value.SelectMany(p => TypeDeclaration().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value))
            .Concat(Directory.GetDirectories(Path.Combine(sourceRoot, f.Key), "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>())
            .ToHashSet(StringComparer.Ordinal));
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

    /// <summary>
    /// Arrows against the order between the types of a compiled assembly whose namespaces are <paramref name="root"/>.Stage….
    /// </summary>
    private static IEnumerable<string> CompiledBackwardArrows(string assemblyPath, string root) =>
        CompiledStageReferences.Read(assemblyPath)
            .Select(r => (r.From, r.To, FromStage: StageOf(r.From, root), ToStage: StageOf(r.To, root)))
            .Where(r => r.FromStage is not null && r.ToStage is not null && Rank(r.ToStage) > Rank(r.FromStage))
            .Select(r => $"{r.From} -> {r.ToStage} ({r.To})");

    private static string? StageOf(string typeName, string root) =>
        typeName.StartsWith(root + ".", StringComparison.Ordinal) && typeName[(root.Length + 1)..].Split('.')[0] is var stage && Stages.Contains(stage)
            ? stage
            : null;

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

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceName();

    [GeneratedRegex(@"\bAggregator\.([A-Z]\w*)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex StageRelativeName();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
