namespace Aggregator.Dedup;

/// <summary>How two articles were found to be one story (text levels only; identical canonical URLs are the store's).</summary>
public enum DuplicateLevel
{
    None,
    /// <summary>Same words after folding and boilerplate removal.</summary>
    ExactText,
    /// <summary>Same text with small edits, or a teaser of the other.</summary>
    NearText,
}
