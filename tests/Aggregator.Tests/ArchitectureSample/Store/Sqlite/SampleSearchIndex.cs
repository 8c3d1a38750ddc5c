namespace Aggregator.Tests.ArchitectureSample.Store.Sqlite;

/// <summary>
/// A later stage's type for <see cref="ArchitectureTests"/>: never run, only compiled, so the reader of the
/// compiled assembly has a backward arrow of every shape to find (ArchitectureSample stands in for src/Aggregator).
/// </summary>
internal sealed class SampleSearchIndex
{
    public static int UnreadableTexts { get; set; }

    public int Pages { get; init; }
}
