using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>
/// An article body as dedup compares it: the folded words of its text, with the boilerplate outlets wrap
/// around a syndicated story removed (which is Dedup's own knowledge, so it is not part of the folding).
/// </summary>
public static class BodyFolding
{
    /// <summary>HTML (or plain text) to the words that dedup compares, boilerplate removed.</summary>
    public static string FoldBody(string? body) => TextNormalizer.Fold(Boilerplate.Strip(TagStripper.ToPlainText(body)));
}
