using System.Globalization;
using System.Text.Json;
using Aggregator.Model;

namespace Aggregator.Parse.JsonFeed;

/// <summary>Maps JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) to the shared model.</summary>
public static class JsonFeedAdapter
{
    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = FeedLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>A feed, or a one-line reason it is not one.</summary>
    public static ParseResult Parse(string text, Uri baseUri, int maxEntries = FeedLimits.MaxEntries)
    {
        JsonDocument document;
        var json = LoneSurrogates.Repair(text, out var repaired);
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return ParseResult.Failure("parse: invalid JSON (" + e.Message.ReplaceLineEndings(" ") + ")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParseResult.Failure("parse: not a feed (JSON that is not an object)");
            }

            var version = String(root, "version");
            var hasItems = root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array;
            if (!(version?.Contains("jsonfeed.org", StringComparison.OrdinalIgnoreCase) ?? false) && !hasItems)
            {
                return ParseResult.Failure("parse: not a feed (JSON without a JSON Feed version)");
            }

            return ParseResult.Success(Adapt(root, version, baseUri, maxEntries, repaired));
        }
    }

    private static ParsedFeed Adapt(JsonElement root, string? version, Uri baseUri, int maxEntries, int repairedSurrogates)
    {
        var warnings = new List<string>();
        if (repairedSurrogates > 0)
        {
            warnings.Add($"{repairedSurrogates.ToString(CultureInfo.InvariantCulture)} unpaired UTF-16 surrogates replaced with U+FFFD");
        }
        var home = UriResolver.Resolve(String(root, "home_page_url"), baseUri);
        var feedUrl = UriResolver.Resolve(String(root, "feed_url"), baseUri);
        var itemBase = home ?? baseUri;
        var entries = new List<FeedEntry>();
        if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (entries.Count >= maxEntries)
                {
                    warnings.Add($"more than {maxEntries.ToString(CultureInfo.InvariantCulture)} entries; kept the first ones");
                    break;
                }

                if (item.ValueKind == JsonValueKind.Object)
                {
                    entries.Add(AdaptItem(item, itemBase));
                }
            }
        }

        return new ParsedFeed
        {
            Format = FeedFormat.JsonFeed,
            Version = Version(version),
            Title = Plain(String(root, "title")),
            Subtitle = Plain(String(root, "description")),
            Link = home,
            FeedUrl = feedUrl,
            Language = String(root, "language"),
            Authors = Authors(root, baseUri),
            // image: icon, then favicon.
            ImageUrl = UriResolver.Resolve(String(root, "icon") ?? String(root, "favicon"), baseUri),
            Hub = Hub(root, baseUri),
            // updated: JSON Feed has no feed date; the newest entry's stands in.
            Updated = entries.Select(e => e.Updated ?? e.Published).Max(),
            Entries = entries,
            Warnings = warnings,
        };
    }

    // "https://jsonfeed.org/version/1.1", "…/version/1", and the bare "1.0" / "1.1" some writers put there.
    private static string Version(string? version)
    {
        var v = version?.Trim().TrimEnd('/') ?? "";
        return v.EndsWith("1.1", StringComparison.Ordinal) ? "json11"
            : v.EndsWith("/1", StringComparison.Ordinal) || v.EndsWith("1.0", StringComparison.Ordinal) || v == "1" ? "json10"
            : "json";
    }

    private static FeedEntry AdaptItem(JsonElement item, Uri itemBase)
    {
        // link: url, then external_url (an item that only links elsewhere).
        var link = UriResolver.Resolve(String(item, "url"), itemBase) ?? UriResolver.Resolve(String(item, "external_url"), itemBase);
        var published = DateParser.Parse(String(item, "date_published"));
        var updated = DateParser.Parse(String(item, "date_modified"));
        var summary = String(item, "summary");
        var contentText = String(item, "content_text");
        return new FeedEntry
        {
            // id: id (a string, though 1.0 feeds also write numbers), then the url.
            Id = Scalar(item, "id") ?? String(item, "url"),
            Title = Plain(String(item, "title")),
            Link = link,
            // published: date_published, then date_modified.
            Published = published ?? updated,
            Updated = updated,
            Authors = Authors(item, itemBase),
            // summary: a plain-text sentence in JSON Feed, so escaped.
            Summary = summary is null ? null : HtmlText.TextToHtml(summary),
            // content: content_html, then content_text escaped.
            Content = String(item, "content_html") ?? (contentText is null ? null : HtmlText.TextToHtml(contentText)),
            Categories = Tags(item),
            Enclosures = Attachments(item, itemBase),
            // image: image, then banner_image.
            ImageUrl = UriResolver.Resolve(String(item, "image") ?? String(item, "banner_image"), itemBase),
            BaseUri = link ?? itemBase,
        };
    }

    private static List<Person> Authors(JsonElement e, Uri baseUri)
    {
        // authors (1.1), then author (1.0).
        var people = new List<Person>();
        if (e.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in authors.EnumerateArray())
            {
                AddPerson(people, a, baseUri);
            }
        }

        if (people.Count == 0 && e.TryGetProperty("author", out var author))
        {
            AddPerson(people, author, baseUri);
        }

        return people;
    }

    private static void AddPerson(List<Person> people, JsonElement a, Uri baseUri)
    {
        if (a.ValueKind == JsonValueKind.String && PersonParser.Parse(a.GetString()) is Person loose)
        {
            people.Add(loose);
            return;
        }

        if (a.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var name = Plain(String(a, "name"));
        var url = String(a, "url");
        // A "mailto:" url is how JSON Feed spells an e-mail address.
        var email = url?.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ?? false ? url[7..] : null;
        var uri = email is null ? UriResolver.Resolve(url, baseUri) : null;
        if (name is not null || email is not null || uri is not null)
        {
            people.Add(new Person(name, email, uri));
        }
    }

    private static List<string> Tags(JsonElement item)
    {
        var tags = new List<string>();
        if (item.TryGetProperty("tags", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in array.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                {
                    XmlValues.AddDistinct(tags, tag.GetString());
                }
            }
        }

        return tags;
    }

    private static List<Enclosure> Attachments(JsonElement item, Uri baseUri)
    {
        var list = new List<Enclosure>();
        if (item.TryGetProperty("attachments", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in array.EnumerateArray())
            {
                if (a.ValueKind == JsonValueKind.Object && UriResolver.Resolve(String(a, "url"), baseUri) is Uri url)
                {
                    var size = a.TryGetProperty("size_in_bytes", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n > 0 ? n : (long?)null;
                    list.Add(new Enclosure(url, String(a, "mime_type"), size));
                }
            }
        }

        return list;
    }

    private static Uri? Hub(JsonElement root, Uri baseUri)
    {
        if (root.TryGetProperty("hubs", out var hubs) && hubs.ValueKind == JsonValueKind.Array)
        {
            foreach (var hub in hubs.EnumerateArray())
            {
                if (hub.ValueKind == JsonValueKind.Object && UriResolver.Resolve(String(hub, "url"), baseUri) is Uri url)
                {
                    return url;
                }
            }
        }

        return null;
    }

    private static string? String(JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString();
            return string.IsNullOrWhiteSpace(s) ? null : s;
        }

        return null;
    }

    private static string? Scalar(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static string? Plain(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var plain = HtmlText.CollapseWhitespace(text);
        return plain.Length == 0 ? null : plain;
    }
}
