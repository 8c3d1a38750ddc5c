using System.Net;
using System.Text.Json;
using Aggregator.Parse;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Reads the first schema.org Article-like object from the page's JSON-LD (<see cref="JsonLd"/>).</summary>
internal static class JsonLdReader
{
    public static JsonLdMetadata Read(IDocument doc)
    {
        foreach (var json in JsonLd.Documents(doc))
        {
            using (json)
            {
                if (FindArticle(json.RootElement) is { } article)
                {
                    return FromArticle(article, TitleCleaner.FromDocument(doc));
                }
            }
        }

        return JsonLdMetadata.None;
    }

    private static JsonElement? FindArticle(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                if (JsonLd.IsArticle(item))
                {
                    return item;
                }
            }

            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("@context", out var context)
            && context.ValueKind == JsonValueKind.String
            && !context.GetString()!.Contains("schema.org", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!root.TryGetProperty("@type", out _) && root.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in graph.EnumerateArray())
            {
                if (JsonLd.IsArticle(item))
                {
                    return item;
                }
            }

            return null;
        }

        return JsonLd.IsArticle(root) ? root : null;
    }

    private static JsonLdMetadata FromArticle(JsonElement article, string? documentTitle)
    {
        var name = Str(article, "name");
        var headline = Str(article, "headline");
        string? title;
        if (name is not null && headline is not null && !string.Equals(name, headline, StringComparison.Ordinal))
        {
            // Sites disagree on which field holds the real title; pick the one closer to <title>.
            var docTitle = documentTitle ?? string.Empty;
            title = TextSimilarity.Of(name, docTitle) <= 0.75 && TextSimilarity.Of(headline, docTitle) > 0.75
                ? headline
                : name;
        }
        else
        {
            title = name ?? headline;
        }

        // A bare string author is usually an account handle (Tumblr), so only named Person objects count.
        string? byline = null;
        if (article.TryGetProperty("author", out var author))
        {
            byline = author.ValueKind switch
            {
                JsonValueKind.Object => Str(author, "name"),
                JsonValueKind.Array => JoinNames(author),
                _ => null,
            };
        }

        string? siteName = null;
        if (article.TryGetProperty("publisher", out var publisher) && publisher.ValueKind == JsonValueKind.Object)
        {
            siteName = Str(publisher, "name");
        }

        return new JsonLdMetadata(title, byline, Str(article, "description"), siteName, Str(article, "datePublished"));
    }

    private static string? JoinNames(JsonElement authors)
    {
        var names = authors.EnumerateArray()
            .Where(a => a.ValueKind == JsonValueKind.Object)
            .Select(a => Str(a, "name"))
            .OfType<string>()
            .ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static string? Str(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? Clean(value.GetString()) : null;

    private static string? Clean(string? s)
    {
        var trimmed = s is null ? null : WebUtility.HtmlDecode(s).Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}
