using System.Collections.Frozen;
using System.Text.Json;
using AngleSharp.Dom;

namespace Aggregator.Parse;

/// <summary>
/// The schema.org JSON-LD a page embeds for search engines, read one way for listings and full text
/// alike: the same scripts, the same tolerance, one list of article types and one case rule.
/// </summary>
public static class JsonLd
{
    /// <summary>
    /// schema.org's Article and its subtypes. Compared ignoring case: publishers write "newsArticle" and
    /// "Newsarticle" too, and no other type is spelled like one of these.
    /// </summary>
    private static readonly FrozenSet<string> ArticleTypes = new[]
    {
        "Article", "AdvancedReport", "AnalysisNewsArticle", "APIReference", "BackgroundNewsArticle", "BlogPosting",
        "DiscussionForumPosting", "LiveBlogPosting", "MedicalScholarlyArticle", "NewsArticle", "OpinionNewsArticle",
        "Report", "ReportageNewsArticle", "ReviewNewsArticle", "SatiricalArticle", "ScholarlyArticle",
        "SocialMediaPosting", "TechArticle",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Hand-written blocks carry trailing commas and comments; nesting is bounded against hostile pages.
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>
    /// Every application/ld+json script of the page that parses, in document order; the caller disposes each.
    /// Broken blocks are common and say nothing about the page, so they are skipped.
    /// </summary>
    public static IEnumerable<JsonDocument> Documents(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type]"))
        {
            if (!string.Equals(script.GetAttribute("type")?.Trim(), "application/ld+json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            // CDATA wrappers are common in XHTML-minded templates.
            var text = script.TextContent.Trim()
                .Replace("<![CDATA[", string.Empty, StringComparison.Ordinal)
                .Replace("]]>", string.Empty, StringComparison.Ordinal);
            if (TryParse(text) is { } json)
            {
                yield return json;
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is schema.org's Article or one of its subtypes.</summary>
    public static bool IsArticleType(string? type) => type is not null && ArticleTypes.Contains(type);

    /// <summary>Whether the object's @type (a string, or an array of them) names an article type.</summary>
    public static bool IsArticle(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty("@type", out var type))
        {
            return false;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => IsArticleType(type.GetString()),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && IsArticleType(t.GetString())),
            _ => false,
        };
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(LoneSurrogates.Repair(text, out _), Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
