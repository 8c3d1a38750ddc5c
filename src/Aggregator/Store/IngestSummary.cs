namespace Aggregator.Store;

/// <summary>What a saved poll changed.</summary>
public sealed record IngestSummary(int New, int Updated, int Unchanged, int Deduplicated = 0)
{
    public static IngestSummary None { get; } = new(0, 0, 0);

    /// <summary>The reason label of <see cref="Stale"/> entries in aggregator_entries_dropped_total.</summary>
    public const string StaleReason = "stale";

    /// <summary>Entries older (by their updated, else published, date) than the stored article: a replayed push, not applied.</summary>
    public int Stale { get; init; }

    public bool Changed => New + Updated > 0;
}
