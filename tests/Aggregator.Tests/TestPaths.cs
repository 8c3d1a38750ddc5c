using System.Runtime.CompilerServices;

namespace Aggregator.Tests;

/// <summary>
/// Locates the repository from this source file's compile-time path, so tests find their data
/// whatever folder the test assembly runs from.
/// </summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = Path.GetFullPath(Path.Combine(ThisDirectory(), "..", ".."));

    /// <summary>tests/Aggregator.Tests/testdata/{stage}</summary>
    public static string TestData(string stage) => Path.Combine(RepoRoot, "tests", "Aggregator.Tests", "testdata", stage);

    /// <summary>../shared/corpora beside the repository (third-party corpora, read in place).</summary>
    public static string Corpora => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpora"));

    /// <summary>../shared/samples beside the repository.</summary>
    public static string Samples => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "samples"));

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
