using Aggregator.Model;

namespace Aggregator.Dedup;

/// <summary>
/// The text dedup compares: the title (plain text) and the body (HTML or plain text: the article's
/// content when known, else its summary). Boilerplate and markup are removed when it is folded.
/// </summary>
public sealed record ArticleText(string Title, string? Body)
{
    // Content first: a teaser is then compared with the full text and caught by containment.
    public static ArticleText From(Article article) => new(article.Title, article.Content ?? article.Summary);

    public static ArticleText From(FeedEntry entry) => new(entry.Title ?? "", entry.Content ?? entry.Summary);
}
