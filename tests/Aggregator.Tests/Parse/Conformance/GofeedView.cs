using System.Globalization;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Compares gofeed's expected JSON (its universal gofeed.Feed, or for parser/* the format's own struct)
/// with our result, leaf by leaf, for the keys the shared model holds; other keys count as unsupported.
/// </summary>
public static class GofeedView
{
    /// <summary>Keys that mean the same thing in gofeed's format-specific structs as in its universal one.</summary>
    private static readonly HashSet<string> SharedWithFormatStructs = new(StringComparer.Ordinal) { "title", "link", "items", "items.title", "items.link" };

    public static void Compare(JsonElement expected, ParsedFeed? feed, bool universal, string file, string group, ConformanceTally tally)
    {
        foreach (var property in expected.EnumerateObject())
        {
            var key = property.Name;
            if (!universal && !SharedWithFormatStructs.Contains(key))
            {
                continue;
            }

            if (key == "items" && property.Value.ValueKind == JsonValueKind.Array)
            {
                var items = property.Value.EnumerateArray().ToList();
                var ours = feed?.Entries ?? [];
                Check(tally, group, file, "items.count", items.Count.ToString(CultureInfo.InvariantCulture), ours.Count.ToString(CultureInfo.InvariantCulture), FieldKind.Exact);
                for (var i = 0; i < items.Count && i < ours.Count; i++)
                {
                    foreach (var itemProperty in items[i].EnumerateObject())
                    {
                        if (universal || SharedWithFormatStructs.Contains("items." + itemProperty.Name))
                        {
                            CompareItemField(itemProperty, ours[i], file, group, tally);
                        }
                    }
                }

                continue;
            }

            CompareFeedField(property, feed, file, group, tally);
        }
    }

    private static void CompareFeedField(JsonProperty p, ParsedFeed? feed, string file, string group, ConformanceTally tally)
    {
        var v = p.Value;
        switch (p.Name)
        {
            case "title": Check(tally, group, file, "title", Str(v), feed?.Title, FieldKind.PlainText); break;
            case "description": Check(tally, group, file, "description", Str(v), feed?.Subtitle, FieldKind.PlainText); break;
            case "link": Check(tally, group, file, "link", Str(v), feed?.Link?.ToString(), FieldKind.Url); break;
            case "feedLink": Check(tally, group, file, "feedLink", Str(v), feed?.FeedUrl?.ToString(), FieldKind.Url); break;
            case "language": Check(tally, group, file, "language", Str(v), feed?.Language, FieldKind.Exact); break;
            case "copyright": Check(tally, group, file, "copyright", Str(v), feed?.Rights, FieldKind.PlainText); break;
            case "generator": Check(tally, group, file, "generator", Str(v), feed?.Generator, FieldKind.Exact); break;
            case "updatedParsed": Check(tally, group, file, "updatedParsed", Str(v), Iso(feed?.Updated), FieldKind.Instant); break;
            case "image" when v.ValueKind == JsonValueKind.Object && v.TryGetProperty("url", out var url):
                Check(tally, group, file, "image.url", Str(url), feed?.ImageUrl?.ToString(), FieldKind.Url); break;
            case "author": ComparePerson(v, First(feed?.Authors), file, group, "author", tally); break;
            case "feedType": Check(tally, group, file, "feedType", Str(v), FeedType(feed), FieldKind.Exact); break;
            case "feedVersion": Check(tally, group, file, "feedVersion", Str(v), FeedVersion(feed), FieldKind.Exact); break;
            case "authors" when v.ValueKind == JsonValueKind.Array: ComparePeople(v, feed?.Authors ?? [], file, group, "authors", tally); break;
            default: tally.Skip(group, $"feed.{p.Name} (no field)"); break;
        }
    }

    private static void CompareItemField(JsonProperty p, FeedEntry e, string file, string group, ConformanceTally tally)
    {
        var v = p.Value;
        var name = "items." + p.Name;
        switch (p.Name)
        {
            case "title": Check(tally, group, file, name, Str(v), e.Title, FieldKind.PlainText); break;
            case "description": Check(tally, group, file, name, Str(v), e.Summary, FieldKind.Html); break;
            case "content": Check(tally, group, file, name, Str(v), e.Content, FieldKind.Html); break;
            case "link": Check(tally, group, file, name, Str(v), e.Link?.ToString(), FieldKind.Url); break;
            case "guid": Check(tally, group, file, name, Str(v), e.Id, FieldKind.Exact); break;
            case "publishedParsed": Check(tally, group, file, name, Str(v), Iso(e.Published), FieldKind.Instant); break;
            case "updatedParsed": Check(tally, group, file, name, Str(v), Iso(e.Updated), FieldKind.Instant); break;
            case "author": ComparePerson(v, First(e.Authors), file, group, name, tally); break;
            case "authors" when v.ValueKind == JsonValueKind.Array: ComparePeople(v, e.Authors, file, group, name, tally); break;
            case "categories" when v.ValueKind == JsonValueKind.Array:
                Check(tally, group, file, name, string.Join("|", v.EnumerateArray().Select(Str)), string.Join("|", e.Categories), FieldKind.Exact); break;
            case "image" when v.ValueKind == JsonValueKind.Object && v.TryGetProperty("url", out var url):
                Check(tally, group, file, name + ".url", Str(url), e.ImageUrl?.ToString(), FieldKind.Url); break;
            case "enclosures" when v.ValueKind == JsonValueKind.Array:
                var expected = v.EnumerateArray().Select(x => $"{Field(x, "url")} {Field(x, "type")} {Field(x, "length")}");
                var ours = e.Enclosures.Select(x => $"{x.Url} {x.MediaType} {x.Length?.ToString(CultureInfo.InvariantCulture)}");
                Check(tally, group, file, name, string.Join("|", expected), string.Join("|", ours), FieldKind.Exact); break;
            default: tally.Skip(group, $"items.{p.Name} (no field)"); break;
        }
    }

    private static void ComparePerson(JsonElement v, Person? ours, string file, string group, string name, ConformanceTally tally)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            tally.Skip(group, $"{name} that is not an object");
            return;
        }

        foreach (var part in v.EnumerateObject())
        {
            var actual = part.Name switch { "name" => ours?.Name, "email" => ours?.Email, "uri" or "url" => ours?.Uri?.ToString(), _ => null };
            if (part.Name is "name" or "email" or "uri" or "url")
            {
                Check(tally, group, file, name + "." + part.Name, Str(part.Value), actual, part.Name is "uri" or "url" ? FieldKind.Url : FieldKind.Exact);
            }
            else
            {
                tally.Skip(group, $"{name}.{part.Name} (no field)");
            }
        }
    }

    private static void Check(ConformanceTally tally, string group, string file, string field, string? expected, string? actual, FieldKind kind)
    {
        var passed = kind switch
        {
            FieldKind.PlainText => HtmlText.ToPlainText(expected ?? "", TextLayout.Inline) == (actual ?? ""),
            FieldKind.Html => expected == actual || HtmlText.Decode(expected ?? "") == HtmlText.Decode(actual ?? "") || HtmlEquivalence.Equivalent(expected, actual),
            FieldKind.Url => expected == actual || (Uri.TryCreate(expected, UriKind.Absolute, out var u) && Uri.TryCreate(actual, UriKind.Absolute, out var a) && u == a),
            FieldKind.Instant => expected == actual || (DateTimeOffset.TryParse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) && Iso(d) == actual),
            _ => expected == actual,
        };
        tally.Add(group, passed, $"{file} {field}: expected {JsonSerializer.Serialize(expected)} got {JsonSerializer.Serialize(actual)}");
    }

    private static string? FeedType(ParsedFeed? feed) => feed?.Format switch
    {
        FeedFormat.Rss or FeedFormat.Rdf => "rss",
        FeedFormat.Atom => "atom",
        FeedFormat.JsonFeed => "json",
        _ => null,
    };

    private static void ComparePeople(JsonElement v, IReadOnlyList<Person> ours, string file, string group, string name, ConformanceTally tally)
    {
        var i = 0;
        foreach (var person in v.EnumerateArray())
        {
            ComparePerson(person, i < ours.Count ? ours[i] : null, file, group, $"{name}[{i}]", tally);
            i++;
        }
    }

    // gofeed's feedVersion: the dialect's number as the document states it.
    private static string? FeedVersion(ParsedFeed? feed) => feed?.Version switch
    {
        "rss20" => "2.0",
        "rss091u" or "rss091n" => "0.91",
        "rss092" => "0.92",
        "rss093" => "0.93",
        "rss094" => "0.94",
        "rss090" => "0.9",
        "rss10" => "1.0",
        "atom10" => "1.0",
        "atom03" => "0.3",
        "json10" => "1.0",
        "json11" => "1.1",
        _ => null,
    };

    private static Person? First(IReadOnlyList<Person>? people) => people is { Count: > 0 } ? people[0] : null;

    private static string? Iso(DateTimeOffset? d) => d?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    private static string? Str(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    };

    private static string? Field(JsonElement v, string name) => v.TryGetProperty(name, out var f) ? Str(f) : null;
}
