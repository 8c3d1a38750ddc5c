namespace Aggregator.Model;

/// <summary>
/// feeds.json defaults.duplicates: whether stories are matched across outlets by their text, and
/// how alike two texts must be. The defaults were chosen on the labelled set in tests/dedup-report.md.
/// </summary>
public sealed record DuplicateThresholds(bool Enabled = true, double Similarity = 0.5, double Containment = 0.8)
{
    public static DuplicateThresholds Default { get; } = new();
}
