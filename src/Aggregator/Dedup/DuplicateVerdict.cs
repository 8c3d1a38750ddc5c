namespace Aggregator.Dedup;

/// <summary>The outcome of comparing two articles, with a one-line reason for an explain command.</summary>
public sealed record DuplicateVerdict(DuplicateLevel Level, double Similarity, string Reason)
{
    public bool IsDuplicate => Level != DuplicateLevel.None;

    /// <summary>"exact-text", "near-text", or "distinct".</summary>
    public string LevelName => Level switch
    {
        DuplicateLevel.ExactText => "exact-text",
        DuplicateLevel.NearText => "near-text",
        _ => "distinct",
    };

    public override string ToString() => $"{LevelName} ({Similarity:0.00}): {Reason}";
}
