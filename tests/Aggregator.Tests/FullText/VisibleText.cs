using Aggregator.FullText;
using Aggregator.Normalize;

namespace Aggregator.Tests.FullText;

/// <summary>
/// HTML to the text a reader sees, as an extraction benchmark turns a feed entry's content into text: the product's
/// one definition (<see cref="ReaderText"/>), so the tests and the published entry cannot read text differently.
/// </summary>
internal static class VisibleText
{
    public static string Of(string? html) => ReaderText.Of(html);

    /// <summary>
    /// What a reader of the published entry sees of an extracted article: its content sanitized, then read. Scored by the
    /// corpus tests instead of the extractor's TextContent, which FullText renders without the sanitizer (a later stage).
    /// </summary>
    public static string Published(ExtractedArticle article, Uri pageUrl) => string.Join("\n\n", ReaderText.OfPublished(article.ContentHtml, pageUrl));
}
