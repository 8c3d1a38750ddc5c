namespace Aggregator.Normalize;

/// <summary>
/// A candidate's search text (<see cref="SearchText"/>), made while its topics were matched from the same folded plain
/// text, with the title, summary and content it was made from: a copy of the candidate with other text (a record's
/// <c>with</c>) must not reuse it, and reference equality is how that is told cheaply.
/// </summary>
public sealed class FoldedSearchText(ArticleCandidate of, string text)
{
    private readonly string title = of.Title;
    private readonly string? summary = of.Summary;
    private readonly string? content = of.Content;

    /// <summary>The search text, when <paramref name="candidate"/> still has the text it was made from; else null.</summary>
    public string? For(ArticleCandidate candidate) =>
        ReferenceEquals(candidate.Title, title) && ReferenceEquals(candidate.Summary, summary) && ReferenceEquals(candidate.Content, content)
            ? text
            : null;
}
