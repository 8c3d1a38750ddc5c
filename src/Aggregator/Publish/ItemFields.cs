using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Publish;

/// <summary>Field choices every format shares, each with its fallback order, so Atom, RSS and JSON Feed agree.</summary>
public static class ItemFields
{
    private const int ExcerptLength = 500;

    /// <summary>The title, else the link: an empty title leaves readers with a blank row.</summary>
    /// <remarks>Redacted: a title made from a link before links lost their credentials may still quote them.</remarks>
    public static string Title(Article article)
    {
        string title = PublicLink.Redact(XmlSafe.Clean(article.Title).Trim());
        return title.Length > 0 ? title : PublicLink.Href(article.Link) ?? FeedIds.Article(article.Id);
    }

    /// <summary>
    /// The article's link when it is http(s), else its outlet's page: a stored link in another scheme (ms-msdt:,
    /// intent:) would be handed by readers to the operating system. Never with user:password. Null only when
    /// neither is a web URL.
    /// </summary>
    public static string? Link(TopicFeedItem item) => PublicLink.Href(item.Article.Link) ?? PublicLink.Href(OutletLink(item.Source));

    /// <summary>Stored HTML as served: sanitized at ingestion, and any user:password in its URLs removed.</summary>
    public static string? Html(string? html) => html is null ? null : PublicLink.Redact(html);

    /// <summary>Updated, else published, else first seen; never earlier than published, which validators flag.</summary>
    public static DateTimeOffset Updated(Article article)
    {
        DateTimeOffset updated = article.Updated ?? article.Published ?? article.FirstSeen;
        return article.Published is { } published && published > updated ? published : updated;
    }

    /// <summary>Published, else first seen (the order topic feeds sort by).</summary>
    public static DateTimeOffset Published(Article article) => article.Published ?? article.FirstSeen;

    /// <summary>The author's name, or null when unknown or blank.</summary>
    public static string? Author(Article article)
    {
        string author = XmlSafe.Clean(article.Author).Trim();
        return author.Length > 0 ? author : null;
    }

    /// <summary>The topic's description, else "Articles on {title}" (RSS requires a channel description).</summary>
    public static string Description(TopicDefinition topic)
    {
        string description = XmlSafe.Clean(topic.Description).Trim();
        return description.Length > 0 ? description : "Articles on " + XmlSafe.Clean(topic.Title).Trim();
    }

    /// <summary>The summary HTML, else a plain-text excerpt of the content: cutting HTML could leave tags open.</summary>
    public static string? SummaryOrExcerpt(Article article)
    {
        if (!string.IsNullOrWhiteSpace(article.Summary))
        {
            return Html(article.Summary);
        }

        if (string.IsNullOrWhiteSpace(article.Content))
        {
            return null;
        }

        string excerpt = HtmlText.Truncate(HtmlText.ToPlainText(article.Content, TextLayout.Blocks), ExcerptLength);
        return excerpt.Length == 0 ? null : "<p>" + Parse.HtmlEscape.Text(excerpt) + "</p>";
    }

    /// <summary>The outlet's home page, else its configured URL.</summary>
    public static Uri OutletLink(OutletRef outlet) => outlet.HomePage ?? outlet.Url;

    /// <summary><see cref="OutletLink"/> as an href: http(s) only, without user:password; null otherwise.</summary>
    public static string? OutletHref(OutletRef outlet) => PublicLink.Href(OutletLink(outlet)) ?? PublicLink.Href(outlet.Url);

    /// <summary>The outlet's name for display, else its id (a blank name would leave an empty link).</summary>
    public static string OutletName(OutletRef outlet)
    {
        string name = XmlSafe.Clean(outlet.Name).Trim();
        return name.Length > 0 ? name : XmlSafe.Clean(outlet.Id);
    }
}
