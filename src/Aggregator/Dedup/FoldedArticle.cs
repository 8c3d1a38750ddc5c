using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>
/// An article folded once for every comparison: the title, and the body with markup and boilerplate removed, each as
/// folded words separated by spaces (<see cref="TextNormalizer.Fold"/>), read as <see cref="FoldedWords"/> in place.
/// Build it once per article when comparing against several candidates.
/// </summary>
public sealed class FoldedArticle(string title, string body)
{
    public string Title { get; } = title;

    public string Body { get; } = body;

    public static FoldedArticle From(ArticleText text) => From(text.Title, text.Body);

    public static FoldedArticle From(string? title, string? body) => new(TextNormalizer.FoldTitle(title), BodyFolding.FoldBody(body));

    /// <summary>An article from words already folded (tests, and callers holding words): joined by single spaces.</summary>
    public static FoldedArticle OfWords(IEnumerable<string> titleWords, IEnumerable<string> bodyWords) =>
        new(string.Join(' ', titleWords), string.Join(' ', bodyWords));

    public FoldedWords TitleWords => new(Title);

    public FoldedWords BodyWords => new(Body);

    /// <summary>Words in the title; counted once, since the policy and the signature both ask.</summary>
    public int TitleWordCount { get; } = new FoldedWords(title).Count();

    public int BodyWordCount { get; } = new FoldedWords(body).Count();
}
