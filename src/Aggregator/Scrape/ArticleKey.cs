using Aggregator.Model;

namespace Aggregator.Scrape;

/// <summary>
/// What two links to one article share: the canonical URL (CONTRACT §5), without fragment and campaign tags. A
/// card's image link, its title link with utm_ tags and its "read more" link with a fragment name one article, not
/// three; compared as written, the card counted as a block of several articles and was passed over.
/// </summary>
internal static class ArticleKey
{
    public static string Of(Uri link) => UrlCanonicalizer.Canonicalize(link);
}
