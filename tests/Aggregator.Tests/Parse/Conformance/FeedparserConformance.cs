using System.Text.Json;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// feedparser's corpus: checks.jsonl gives each file's Expect as field checks; each file is read by our reader
/// and each check answered through <see cref="FeedparserView"/>. Skipped: checks on fields our model has no
/// place for, and the HTML of wellformed/sanitize, which is feedparser's own sanitizer's output (sanitizing is
/// the Normalize stage's job, with its own policy).
/// </summary>
public static class FeedparserConformance
{
    // feedparser's harness serves every file over HTTP from this host; "http" cases depend on it.
    private static readonly Uri Server = new("http://127.0.0.1:8097/");

    public static string Root => Path.Combine(TestPaths.Corpora, "feedparser");

    /// <summary>The base URI the suite hands the reader for a corpus file (what the fetcher would).</summary>
    public static Uri BaseFor(string path, string? contentLocation)
    {
        var documentUri = new Uri(Server, "tests/" + path);
        // Content-Location is the fetcher's business; it hands the parser the base it names.
        return UriResolver.Resolve(contentLocation, documentUri) ?? documentUri;
    }

    /// <summary>Runs every check; also hands back, per wellformed file with checks, the feed our reader read (null when none).</summary>
    public static ConformanceTally Run(Dictionary<string, ParsedFeed?>? feeds = null)
    {
        var tally = new ConformanceTally("feedparser");
        foreach (var line in File.ReadLines(Path.Combine(Root, "checks.jsonl")))
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            var path = r.GetProperty("path").GetString()!;
            var checks = r.GetProperty("checks");
            if (checks.GetArrayLength() == 0)
            {
                continue;
            }

            var category = r.GetProperty("suite").GetString() + "/" + r.GetProperty("category").GetString();
            var bytes = File.ReadAllBytes(Path.Combine(Root, path));
            var contentType = Header(r, "Content-type");
            var result = FeedParser.Parse(bytes, BaseFor(path, Header(r, "Content-Location")), contentType);
            if (feeds is not null && path.StartsWith("wellformed/", StringComparison.Ordinal))
            {
                feeds[path] = result.Feed;
            }

            var view = new FeedparserView(result.Feed, BodyDecoder.Decode(bytes, contentType).Charset);
            foreach (var check in checks.EnumerateArray())
            {
                var field = check.GetProperty("field").EnumerateArray()
                    .Select(f => f.ValueKind == JsonValueKind.Number ? (object)f.GetInt32() : f.GetString()!).ToList();
                var kind = FeedparserView.KindOf(field);
                if (kind == FieldKind.Html && category == "wellformed/sanitize")
                {
                    tally.Skip(category, "HTML after feedparser's sanitizer (the Normalize stage sanitizes, by its own policy)");
                    continue;
                }

                if (field is ["encoding"] && PythonOnlyCharsetRule(r, contentType, check.GetProperty("value").GetString()) is string rule)
                {
                    tally.Skip(category, rule);
                    continue;
                }

                var actual = view.Get(field);
                if (actual is Skipped skipped)
                {
                    tally.Skip(category, skipped.Reason);
                    continue;
                }

                var expected = check.GetProperty("value");
                // Charset names: one code page, or a label and the superset readers decode it as (GB2312 as GB18030).
                var passed = field is ["encoding"] && expected.ValueKind == JsonValueKind.String
                    ? CharsetNames.Same(expected.GetString()!, actual as string)
                    : Matches(expected, actual, kind, view.BaseFor(field));
                tally.Add(category, passed, $"{path} {string.Join('.', field)}: expected {expected.GetRawText()} got {Show(actual)}");
            }
        }

        return tally;
    }

    /// <summary>Charset expectations that come from Python's libraries or an obsolete RFC rather than from the bytes.</summary>
    private static string? PythonOnlyCharsetRule(JsonElement row, string? contentType, string? expected)
    {
        var isText = contentType?.TrimStart().StartsWith("text/", StringComparison.OrdinalIgnoreCase) ?? false;
        var charset = BodyDecoder.ContentTypeCharset(contentType);
        if (expected == "us-ascii" && isText && (charset is null || BodyDecoder.GetEncodingOrNull(charset) is null))
        {
            return "RFC 3023's us-ascii default for text/* without a charset (obsolete: RFC 7303 reads the XML declaration)";
        }

        return null;
    }

    public static string? Header(JsonElement row, string name)
    {
        if (row.TryGetProperty("http_headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in headers.EnumerateObject())
            {
                if (h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return h.Value.GetString();
                }
            }
        }

        return null;
    }

    private static bool Matches(JsonElement expected, object? actual, FieldKind kind, Uri? baseUri) => expected.ValueKind switch
    {
        JsonValueKind.String when actual is string s && s == expected.GetString() => true,
        JsonValueKind.String when kind == FieldKind.PlainText => (actual as string ?? "") == HtmlText.ToPlainText(expected.GetString()!, TextLayout.Inline),
        JsonValueKind.String when kind == FieldKind.Html => actual is string s && HtmlEquivalence.Equivalent(expected.GetString(), s, baseUri),
        JsonValueKind.String when kind == FieldKind.Url => actual is string s && SameUrl(expected.GetString()!, s),
        JsonValueKind.String => false,
        JsonValueKind.Null => actual is null,
        JsonValueKind.Array when actual is int[] parts => expected.EnumerateArray().Select(e => e.GetInt32()).Take(6).SequenceEqual(parts.Take(6)),
        JsonValueKind.Number => actual?.ToString() == expected.GetRawText(),
        JsonValueKind.Object when actual is Dictionary<string, string?> fields =>
            expected.EnumerateObject().All(p => fields.TryGetValue(p.Name, out var v) && (v == p.Value.GetString() || (p.Name == "href" && v is not null && SameUrl(p.Value.GetString()!, v)))),
        _ => false,
    };

    private static bool SameUrl(string expected, string actual) =>
        Uri.TryCreate(expected.Trim(), UriKind.Absolute, out var e) && Uri.TryCreate(actual, UriKind.Absolute, out var a) && e == a;

    private static string Show(object? actual) => actual switch
    {
        null => "null",
        int[] parts => "[" + string.Join(",", parts) + "]",
        _ => JsonSerializer.Serialize(actual),
    };
}
