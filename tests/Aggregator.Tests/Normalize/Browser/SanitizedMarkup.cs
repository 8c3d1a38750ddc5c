using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Tests.Normalize.Browser;

/// <summary>
/// Sanitizer output read back the way a reader's browser reads it (a full HTML5 parse inside an
/// article), for the static half of the checks and for the list of URLs the page may legitimately load.
/// </summary>
internal static class SanitizedMarkup
{
    private static readonly string[] UrlAttributes = ["href", "src", "srcset", "poster", "cite", "action", "formaction", "data", "background", "xlink:href", "ping", "lowsrc", "dynsrc", "codebase"];
    private static readonly string[] ScriptSchemes = ["javascript:", "vbscript:", "livescript:"];

    /// <summary>Everything in <paramref name="sanitized"/> that must never be there; empty when clean.</summary>
    public static IReadOnlyList<string> Problems(string sanitized)
    {
        var problems = new List<string>();
        foreach (var element in Parse(sanitized).QuerySelectorAll("*"))
        {
            if (element.LocalName is "script" or "iframe" or "frame" or "object" or "embed" or "svg" or "math" or "style" or "base" or "meta" or "link" or "form")
            {
                problems.Add($"<{element.LocalName}> element");
            }

            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal))
                {
                    problems.Add($"{element.LocalName} {name}= handler");
                }

                if (name is "style" or "srcdoc")
                {
                    problems.Add($"{element.LocalName} {name}= attribute");
                }

                if (UrlAttributes.Contains(name) && Candidates(name, attribute.Value).Any(IsScriptUrl))
                {
                    problems.Add($"{element.LocalName} {name}=\"{attribute.Value}\"");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// A URL a browser would run or render as a document. The value is already entity-decoded by the parse;
    /// what URL parsing ignores (controls, spaces) is dropped first. A scheme name further on, in the path of an
    /// https URL, is only text and is not counted.
    /// </summary>
    private static bool IsScriptUrl(string value)
    {
        var url = new string(value.Where(c => c > ' ').ToArray()).ToLowerInvariant();
        return ScriptSchemes.Any(s => url.StartsWith(s, StringComparison.Ordinal))
            || (url.StartsWith("data:", StringComparison.Ordinal) && !IsRasterDataImage(url));
    }

    private static IEnumerable<string> Candidates(string attribute, string value) =>
        attribute == "srcset" ? value.Split(',').Select(c => c.Trim().Split(' ')[0]) : [value];

    /// <summary>The absolute http(s) URLs the markup names in URL attributes: the only requests it may cause.</summary>
    public static IReadOnlySet<string> Urls(string sanitized)
    {
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in Parse(sanitized).QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (!UrlAttributes.Contains(name))
                {
                    continue;
                }

                foreach (var candidate in Candidates(name, attribute.Value))
                {
                    if (Normalize(candidate) is { } url)
                    {
                        urls.Add(url);
                    }
                }
            }
        }

        return urls;
    }

    /// <summary>The comparable form of an http(s) URL, or null for anything else.</summary>
    public static string? Normalize(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped)
            : null;

    private static bool IsRasterDataImage(string url) =>
        url.StartsWith("data:image/", StringComparison.Ordinal)
        && (url.StartsWith("data:image/png;base64,", StringComparison.Ordinal) || url.StartsWith("data:image/gif;base64,", StringComparison.Ordinal)
            || url.StartsWith("data:image/jpeg;base64,", StringComparison.Ordinal) || url.StartsWith("data:image/jpg;base64,", StringComparison.Ordinal)
            || url.StartsWith("data:image/webp;base64,", StringComparison.Ordinal))
        && url.IndexOf("data:", 5, StringComparison.Ordinal) < 0;

    private static IElement Parse(string sanitized)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body><article>" + sanitized + "</article></body></html>");
        return document.QuerySelector("article")!;
    }
}
