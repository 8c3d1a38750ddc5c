using Aggregator.Normalize;

namespace Aggregator.Dedup;

/// <summary>
/// An article folded once for every comparison: the title's words, and the body's words with markup
/// and boilerplate removed. Build it once per article when comparing against several candidates.
/// </summary>
public sealed record FoldedArticle(string[] TitleWords, string[] BodyWords)
{
    public static FoldedArticle From(ArticleText text) => From(text.Title, text.Body);

    public static FoldedArticle From(string? title, string? body) =>
        new(TextNormalizer.Words(TextNormalizer.FoldTitle(title)), TextNormalizer.Words(BodyFolding.FoldBody(body)));

    public string Title => string.Join(' ', TitleWords);

    public string Body => string.Join(' ', BodyWords);
}
