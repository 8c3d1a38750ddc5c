namespace Aggregator.Normalize;

/// <summary>
/// A candidate's search text (<see cref="SearchText"/>), made while its topics were matched from the same folded plain
/// text, with the title, summary and content it was made from: a copy of the candidate with other text (a record's
/// <c>with</c>) must not reuse it, and reference equality is how that is told cheaply.
/// </summary>
/// <remarks>
/// Taken once: the store binds it and drops it, so a write batch of thousands of articles, open until its commit,
/// does not hold every article's search text as well (issue 23: what a batch holds outlives the young generations).
/// </remarks>
public sealed class FoldedSearchText(ArticleCandidate of, string text)
{
    private readonly string title = of.Title;
    private readonly string? summary = of.Summary;
    private readonly string? content = of.Content;
    private string? text = text;

    /// <summary>The search text, once, when <paramref name="candidate"/> still has the text it was made from; else null.</summary>
    public string? Take(ArticleCandidate candidate) => MadeFrom(candidate) ? Interlocked.Exchange(ref text, null) : null;

    /// <summary>The search text without taking it (to size what will hold it); null when taken or made from other text.</summary>
    public string? Peek(ArticleCandidate candidate) => MadeFrom(candidate) ? Volatile.Read(ref text) : null;

    private bool MadeFrom(ArticleCandidate candidate) =>
        ReferenceEquals(candidate.Title, title) && ReferenceEquals(candidate.Summary, summary) && ReferenceEquals(candidate.Content, content);
}
