using System.Text.RegularExpressions;

namespace Aggregator.Publish.Pages;

/// <summary>
/// An article's teaser for an HTML page: the stored (sanitized at ingestion) HTML, redacted as the feeds
/// serve it, without embedded media. The pages' CSP loads nothing from another origin, so an image would
/// only be a blocked request and a console error; removing a start or end tag from sanitized markup
/// cannot create markup.
/// </summary>
public static partial class TeaserHtml
{
    public static string? For(Model.Article article) =>
        ItemFields.SummaryOrExcerpt(article) is { } html ? Media().Replace(html, string.Empty) : null;

    [GeneratedRegex(@"<(?:img|picture|source|video|audio|iframe|embed|object|track)\b[^>]*>|</(?:picture|video|audio|iframe|object)\s*>",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Media();
}
