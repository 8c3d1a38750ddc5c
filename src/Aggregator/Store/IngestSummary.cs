namespace Aggregator.Store;

/// <summary>What a saved poll changed.</summary>
public sealed record IngestSummary(int New, int Updated, int Unchanged, int Deduplicated = 0)
{
    public static IngestSummary None { get; } = new(0, 0, 0);

    public bool Changed => New + Updated > 0;
}
