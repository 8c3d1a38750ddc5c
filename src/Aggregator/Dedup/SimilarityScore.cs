namespace Aggregator.Dedup;

/// <summary>
/// Exact overlap of two texts' word 3-shingle sets.
/// <see cref="Jaccard"/> = |A∩B| / |A∪B| (the same text with small edits);
/// <see cref="Containment"/> = |A∩B| / min(|A|,|B|) (a teaser inside its full text).
/// <see cref="StartOffset"/>: where the shorter text's opening first appears in the longer, in words
/// (-1 when it does not): a teaser starts where its article starts, a quotation lifted from the middle does not.
/// </summary>
public readonly record struct SimilarityScore(double Jaccard, double Containment, int ShinglesA, int ShinglesB, int Shared, int StartOffset)
{
    public int Smaller => Math.Min(ShinglesA, ShinglesB);
}
