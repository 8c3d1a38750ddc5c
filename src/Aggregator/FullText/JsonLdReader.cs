using System.Net;
using System.Text.Json;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>Reads the first schema.org Article-like object from application/ld+json scripts.</summary>
internal static class JsonLdReader
{
    private static readonly HashSet<string> ArticleTypes = new(StringComparer.Ordinal)
    {
        "Article", "AdvancedReport", "AnalysisNewsArticle", "APIReference", "BackgroundNewsArticle", "BlogPosting",
        "DiscussionForumPosting", "LiveBlogPosting", "MedicalScholarlyArticle", "NewsArticle", "OpinionNewsArticle",
        "Report", "ReportageNewsArticle", "ReviewNewsArticle", "SatiricalArticle", "ScholarlyArticle",
        "SocialMediaPosting", "TechArticle",
    };

    public static JsonLdMetadata Read(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script[type]"))
        {
            if (!string.Equals(script.GetAttribute("type")?.Trim(), "application/ld+json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = script.TextContent.Trim();
            // CDATA wrappers are common in XHTML-minded templates.
            text = text.Replace("<![CDATA[", string.Empty, StringComparison.Ordinal)
                .Replace("]]>", string.Empty, StringComparison.Ordinal);
            try
            {
                using var json = JsonDocument.Parse(Aggregator.Parse.LoneSurrogates.Repair(text, out _), new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
                if (FindArticle(json.RootElement) is { } article)
                {
                    return FromArticle(article, TitleCleaner.FromDocument(doc));
                }
            }
            catch (JsonException)
            {
                // A broken JSON-LD block is common and says nothing about the article; try the next one.
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
                if (IsArticle(item))
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
                if (IsArticle(item))
                {
                    return item;
                }
            }

            return null;
        }

        return IsArticle(root) ? root : null;
    }

    private static bool IsArticle(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("@type", out var type))
        {
            return false;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => ArticleTypes.Contains(type.GetString()!),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && ArticleTypes.Contains(t.GetString()!)),
            _ => false,
        };
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
