namespace Aggregator.Tests.Fixtures;

/// <summary>
/// Tests that read the whole process's managed heap (GC.GetTotalMemory) run after every parallel collection, alone:
/// a test running beside them, holding a corpus in memory, would read as their leak.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInTheProcess
{
    public const string Name = "Alone in the process";
}
