using System.Net;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Scrape;

/// <summary>
/// A listing the page describes itself in JSON-LD: an ItemList of ListItems (url, name, or a nested item),
/// or several NewsArticle/BlogPosting objects (headline, url, datePublished). Publishers write these for
/// search engines, so when present they are more reliable than guessing from the markup.
/// </summary>
internal static class JsonLdListing
{
    /// <summary>The entries and a structure name ("json-ld ItemList", "json-ld BlogPosting list"), or null when the page has no usable list.</summary>
    public static (IReadOnlyList<FeedEntry> Entries, string Structure)? Read(ListingPage page)
    {
        var lists = new List<FeedEntry>();
        var articles = new List<FeedEntry>();
        var articleType = "article";
        foreach (var json in JsonLd.Documents(page.Document))
        {
            using (json)
            {
                foreach (var node in Objects(json.RootElement))
                {
                    if (HasType(node, "ItemList") && node.TryGetProperty("itemListElement", out var elements))
                    {
                        lists.AddRange(ReadItemList(elements, page));
                    }
                    else if (TypeOf(node) is { } type && JsonLd.IsArticleType(type) && ReadArticle(node, null, page) is { } entry)
                    {
                        articleType = type;
                        articles.Add(entry);
                    }
                }
            }
        }

        var fromList = Distinct(lists, page);
        if (fromList.Count >= 2 || IsOneArticle(fromList, page))
        {
            return (fromList, "json-ld ItemList");
        }

        var fromArticles = Distinct(articles, page);
        return fromArticles.Count >= 2 || IsOneArticle(fromArticles, page) ? (fromArticles, $"json-ld {articleType} list") : null;
    }

    // A list of one is a listing with one article only when it leads to an article of this site, not the page itself.
    private static bool IsOneArticle(List<FeedEntry> entries, ListingPage page) =>
        entries is [{ Link: { } link }] && page.IsArticleCandidate(link) && ListingPage.LooksLikeArticle(link);

    private static IEnumerable<FeedEntry> ReadItemList(JsonElement elements, ListingPage page)
    {
        if (elements.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var element in elements.EnumerateArray())
        {
            var entry = element.ValueKind switch
            {
                JsonValueKind.String => ReadArticle(default, element, page),
                JsonValueKind.Object when element.TryGetProperty("item", out var inner) && inner.ValueKind == JsonValueKind.Object =>
                    ReadArticle(inner, element, page),
                JsonValueKind.Object when element.TryGetProperty("item", out var innerUrl) && innerUrl.ValueKind == JsonValueKind.String =>
                    ReadArticle(default, element, page, innerUrl.GetString()),
                JsonValueKind.Object => ReadArticle(element, null, page),
                _ => null,
            };
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    // Fields of the article object first, then of the ListItem wrapped around it.
    private static FeedEntry? ReadArticle(JsonElement article, JsonElement? listItem, ListingPage page, string? itemUrl = null)
    {
        var link = page.Resolve(
            Text(article, "url") ?? IdUrl(article) ?? MainEntityUrl(article) ?? itemUrl
            ?? (listItem is { ValueKind: JsonValueKind.String } s ? s.GetString() : null)
            ?? (listItem is { ValueKind: JsonValueKind.Object } li ? Text(li, "url") : null));
        if (link is null || PageFurniture.SameDocument(link, page.PageUrl))
        {
            return null;
        }

        var title = Text(article, "headline") ?? Text(article, "name")
            ?? (listItem is { ValueKind: JsonValueKind.Object } named ? Text(named, "name") : null);
        var description = Text(article, "description");
        var published = Text(article, "datePublished") ?? Text(article, "dateCreated");
        return new FeedEntry
        {
            Title = title is null ? null : TextOf.Collapse(WebUtility.HtmlDecode(title)),
            Link = link,
            Summary = description is null ? null : HtmlEscape.Text(TextOf.Collapse(WebUtility.HtmlDecode(description))),
            Published = ListingDateParser.Parse(published, page.FetchedAt),
            Authors = Authors(article),
            ImageUrl = page.Resolve(Image(article)),
            BaseUri = page.BaseUri,
        };
    }

    // JSON-LD items often carry no title of their own; the page's link text is the next best.
    private static List<FeedEntry> Distinct(List<FeedEntry> entries, ListingPage page)
    {
        Dictionary<string, string>? linkTexts = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<FeedEntry>();
        foreach (var entry in entries)
        {
            // Some sites describe their menu as an ItemList too: its home, category and about pages are furniture.
            var link = entry.Link!;
            var key = ArticleKey.Of(link);
            if (PageFurniture.IsFurnitureUrl(link, page.PageUrl) || !seen.Add(key))
            {
                continue;
            }

            var withTitle = entry;
            if (string.IsNullOrEmpty(entry.Title))
            {
                linkTexts ??= LinkTexts(page);
                withTitle = entry with { Title = linkTexts.GetValueOrDefault(key) };
            }

            if (!string.IsNullOrEmpty(withTitle.Title))
            {
                result.Add(withTitle);
            }
        }

        return result;
    }

    private static Dictionary<string, string> LinkTexts(ListingPage page)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var anchor in page.Document.QuerySelectorAll("a[href]"))
        {
            var text = TextOf.Element(anchor);
            if (text.Length > 0 && page.Resolve(anchor.GetAttribute("href")) is { } uri)
            {
                texts.TryAdd(ArticleKey.Of(uri), text);
            }
        }

        return texts;
    }

    // Every object in the document, without recursion (the depth is bounded by the parser anyway).
    private static IEnumerable<JsonElement> Objects(JsonElement root)
    {
        var stack = new Stack<JsonElement>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in node.EnumerateArray().Reverse())
                {
                    stack.Push(child);
                }
            }
            else if (node.ValueKind == JsonValueKind.Object)
            {
                yield return node;
                // An ItemList's own elements are read by ReadItemList; walking into them would count them twice.
                if (HasType(node, "ItemList") || (TypeOf(node) is { } type && JsonLd.IsArticleType(type)))
                {
                    continue;
                }

                foreach (var property in node.EnumerateObject().Reverse())
                {
                    stack.Push(property.Value);
                }
            }
        }
    }

    private static string? TypeOf(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var type))
        {
            return null;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            JsonValueKind.Array => type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String)
                .Select(t => t.GetString()).FirstOrDefault(t => t is not null && (JsonLd.IsArticleType(t) || t == "ItemList")),
            _ => null,
        };
    }

    private static bool HasType(JsonElement node, string type) => string.Equals(TypeOf(node), type, StringComparison.Ordinal);

    private static string? Text(JsonElement node, string property)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(property, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).FirstOrDefault(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static string? IdUrl(JsonElement node) =>
        Text(node, "@id") is { } id && id.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !id.Contains('#', StringComparison.Ordinal) ? id : null;

    private static string? MainEntityUrl(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("mainEntityOfPage", out var main))
        {
            return null;
        }

        return main.ValueKind == JsonValueKind.String ? main.GetString() : Text(main, "@id") ?? Text(main, "url");
    }

    private static string? Image(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (!node.TryGetProperty("image", out var image))
        {
            return Text(node, "thumbnailUrl");
        }

        if (image.ValueKind == JsonValueKind.Array)
        {
            image = image.EnumerateArray().FirstOrDefault();
        }

        return image.ValueKind switch
        {
            JsonValueKind.String => image.GetString(),
            JsonValueKind.Object => Text(image, "url") ?? Text(image, "contentUrl"),
            _ => null,
        };
    }

    private static List<Person> Authors(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("author", out var author))
        {
            return [];
        }

        var people = new List<Person>();
        foreach (var one in author.ValueKind == JsonValueKind.Array ? author.EnumerateArray().ToArray() : [author])
        {
            var name = one.ValueKind == JsonValueKind.String ? one.GetString() : Text(one, "name");
            if (!string.IsNullOrWhiteSpace(name))
            {
                people.Add(new Person(TextOf.Collapse(WebUtility.HtmlDecode(name))));
            }
        }

        return people;
    }
}
