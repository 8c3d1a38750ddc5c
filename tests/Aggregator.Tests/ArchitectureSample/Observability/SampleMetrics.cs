namespace Aggregator.Tests.ArchitectureSample.Observability;

/// <summary>
/// An earlier stage that reaches into a later one in the shapes a using line does not show: each member names the
/// later stage's type only inline, as Observability once read Store.Sqlite.SqliteSearchIndex.UnreadableTexts.
/// </summary>
internal static class SampleMetrics
{
    /// <summary>A static property read through a stage-relative, sub-namespace-qualified name.</summary>
    public static int Unreadable() => Store.Sqlite.SampleSearchIndex.UnreadableTexts;
}

/// <summary>Only inside a lambda's closure class, which the compiler nests in this one.</summary>
internal static class SampleLambdaMetrics
{
    public static Func<int> Pages(int extra) => () => new Store.Sqlite.SampleSearchIndex().Pages + extra;
}

/// <summary>Only inside an async method's state machine, as a generic argument.</summary>
internal static class SampleAsyncMetrics
{
    public static async Task<int> CountAsync()
    {
        await Task.Yield();
        var indexes = new List<Aggregator.Tests.ArchitectureSample.Store.Sqlite.SampleSearchIndex>();
        return indexes.Count;
    }
}

/// <summary>Only as the type of a field nobody reads.</summary>
internal sealed class SampleFieldMetrics
{
    public Store.Sqlite.SampleSearchIndex? Last { get; set; }
}
