using System.Text.Encodings.Web;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Publish.JsonFeed;

/// <summary>
/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) in one forward pass over a Utf8JsonWriter.
/// The outlet and the other publishers travel in the "_aggregator" extension object, as the spec allows.
/// </summary>
public static class JsonFeedWriter
{
    public const string MediaType = "application/feed+json";
    public const string Version = "https://jsonfeed.org/version/1.1";

    private static readonly JsonWriterOptions Options = new()
    {
        // Served as application/feed+json, never inlined into HTML, so non-ASCII text may stay as UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static byte[] Write(TopicFeed feed)
    {
        MemoryStream buffer = OutputBuffer.Rent();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("version", Version);
            WriteSafe(w, "title", feed.Topic.Title);
            WriteUrl(w, "home_page_url", PublicLink.Href(feed.HomePage));
            WriteSafe(w, "feed_url", FeedUrls.For(feed, FeedUrls.JsonExtension));
            if (feed.Paging.NextBefore is { } before)
            {
                // JSON Feed 1.1's own pagination: the next (older) page.
                WriteSafe(w, "next_url", FeedUrls.For(feed, FeedUrls.JsonExtension, "before=" + before));
            }
            if (PublicLink.Href(feed.Hub) is { } hub)
            {
                w.WriteStartArray("hubs");
                w.WriteStartObject();
                w.WriteString("type", "WebSub");
                WriteSafe(w, "url", hub);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            if (!string.IsNullOrWhiteSpace(feed.Topic.Description))
            {
                WriteSafe(w, "description", feed.Topic.Description);
            }

            w.WriteStartArray("items");
            IReadOnlyList<TopicFeedItem> items = feed.Items;
            for (int i = 0; i < items.Count; i++)
            {
                WriteItem(w, items[i]);
                // Hands each item to the stream so the writer's own buffer stays one item long.
                w.Flush();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return OutputBuffer.ToArrayAndReturn(buffer);
    }

    private static void WriteItem(Utf8JsonWriter w, TopicFeedItem item)
    {
        Article article = item.Article;
        w.WriteStartObject();
        w.WriteString("id", FeedIds.Article(article.Id));
        WriteUrl(w, "url", ItemFields.Link(item));
        WriteSafe(w, "title", ItemFields.Title(article));
        // The spec requires content_html or content_text; an item with neither still gets an (empty) content_html.
        WriteSafe(w, "content_html", ItemFields.Html(!string.IsNullOrWhiteSpace(article.Content) ? article.Content : article.Summary));
        if (!string.IsNullOrWhiteSpace(article.Summary))
        {
            WriteSafe(w, "summary", HtmlText.ToPlainText(XmlSafe.Clean(ItemFields.Html(article.Summary)), TextLayout.Blocks));
        }

        WriteUrl(w, "image", PublicLink.Href(article.ImageUrl));

        w.WriteString("date_published", FeedDates.Rfc3339(ItemFields.Published(article)));
        if (article.Updated is not null)
        {
            w.WriteString("date_modified", FeedDates.Rfc3339(ItemFields.Updated(article)));
        }

        if (ItemFields.Author(article) is { } author)
        {
            w.WriteStartArray("authors");
            w.WriteStartObject();
            w.WriteString("name", author);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        WriteTags(w, article.Categories);
        WriteAttachments(w, article.Enclosures);
        WriteExtension(w, item);
        w.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter w, IReadOnlyList<string> categories)
    {
        if (categories.Count == 0)
        {
            return;
        }

        w.WriteStartArray("tags");
        for (int i = 0; i < categories.Count; i++)
        {
            string tag = XmlSafe.Clean(categories[i]).Trim();
            if (tag.Length > 0)
            {
                w.WriteStringValue(tag);
            }
        }

        w.WriteEndArray();
    }

    private static void WriteAttachments(Utf8JsonWriter w, IReadOnlyList<Enclosure> enclosures)
    {
        if (enclosures.Count == 0)
        {
            return;
        }

        w.WriteStartArray("attachments");
        for (int i = 0; i < enclosures.Count; i++)
        {
            Enclosure enclosure = enclosures[i];
            if (PublicLink.Href(enclosure.Url) is not { } url)
            {
                continue;
            }

            w.WriteStartObject();
            WriteSafe(w, "url", url);
            w.WriteString("mime_type", EnclosureTypes.MediaType(enclosure));
            if (enclosure.Length is long length && length > 0)
            {
                w.WriteNumber("size_in_bytes", length);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteExtension(Utf8JsonWriter w, TopicFeedItem item)
    {
        w.WriteStartObject("_aggregator");
        w.WriteStartObject("outlet");
        WriteOutlet(w, item.Source, ItemFields.OutletHref(item.Source));
        w.WriteEndObject();
        w.WriteStartArray("also_published_by");
        IReadOnlyList<TopicFeedCopy> copies = item.AlsoPublishedBy;
        for (int i = 0; i < copies.Count; i++)
        {
            w.WriteStartObject();
            WriteOutlet(w, copies[i].Outlet, PublicLink.Href(copies[i].Link));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOutlet(Utf8JsonWriter w, OutletRef outlet, string? url)
    {
        WriteSafe(w, "id", outlet.Id);
        WriteSafe(w, "name", outlet.Name);
        WriteUrl(w, "url", url);
    }

    // A link that is not http(s) is left out rather than served (see PublicLink); every URL member is optional.
    private static void WriteUrl(Utf8JsonWriter w, string name, string? url)
    {
        if (url is not null)
        {
            WriteSafe(w, name, url);
        }
    }

    // Utf8JsonWriter would throw on a lone surrogate; the same cleaning as the XML writers keeps all formats alike.
    private static void WriteSafe(Utf8JsonWriter w, string name, string? value) => w.WriteString(name, XmlSafe.Clean(value));
}
