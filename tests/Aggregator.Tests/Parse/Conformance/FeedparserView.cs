using System.Globalization;
using Aggregator.Model;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Our result seen through feedparser's field names, for the fields the shared model holds.
/// <see cref="Unsupported"/> marks a path the model has no place for, so it is counted apart from a failure.
/// </summary>
public sealed class FeedparserView(ParsedFeed? feed, string charset)
{
    public static readonly object Unsupported = new();

    /// <summary>The value at a feedparser path like ["entries", 0, "title"]: string, int[], null, or <see cref="Unsupported"/>.</summary>
    public object? Get(IReadOnlyList<object> path)
    {
        if (path.Count == 1 && path[0] is "encoding")
        {
            return charset;
        }

        if (feed is null)
        {
            return null;
        }

        if (path.Count == 1 && path[0] is "version")
        {
            return feed.Version;
        }

        if (path.Count >= 2 && path[0] is "feed" && path[1] is string feedKey)
        {
            return FeedField(feedKey, path.Skip(2).ToList());
        }

        if (path.Count >= 3 && path[0] is "entries" && path[1] is int index && path[2] is string entryKey)
        {
            return index < feed.Entries.Count ? EntryField(feed.Entries[index], entryKey, path.Skip(3).ToList()) : null;
        }

        return Unsupported;
    }

    private object? FeedField(string key, List<object> rest) => (key, rest.Count) switch
    {
        ("title", 0) => feed!.Title,
        ("title_detail", 1) when rest[0] is "value" => feed!.Title,
        ("subtitle" or "tagline" or "description", 0) => feed!.Subtitle,
        ("subtitle_detail" or "tagline_detail", 1) when rest[0] is "value" => feed!.Subtitle,
        ("link", 0) => feed!.Link?.ToString(),
        ("rights" or "copyright", 0) => feed!.Rights,
        ("language", 0) => feed!.Language,
        ("id", 0) => feed!.Id,
        ("generator", 0) => feed!.Generator,
        ("updated_parsed" or "modified_parsed", 0) => Struct(feed!.Updated),
        ("author", 0) => Author(First(feed!.Authors)),
        ("author_detail", 1) => PersonPart(First(feed!.Authors), rest[0]),
        ("image", 1) when rest[0] is "href" or "url" => feed!.ImageUrl?.ToString(),
        _ => Unsupported,
    };

    private static object? EntryField(FeedEntry e, string key, List<object> rest) => (key, rest.Count) switch
    {
        ("title", 0) => e.Title,
        ("title_detail", 1) when rest[0] is "value" => e.Title,
        ("link", 0) => e.Link?.ToString(),
        ("id" or "guid", 0) => e.Id,
        ("description" or "summary", 0) => e.Summary ?? e.Content,
        ("summary_detail", 1) when rest[0] is "value" => e.Summary ?? e.Content,
        ("content", 2) when rest[0] is 0 && rest[1] is "value" => e.Content ?? e.Summary,
        ("published_parsed" or "issued_parsed" or "date_parsed", 0) => Struct(e.Published),
        ("updated_parsed" or "modified_parsed", 0) => Struct(e.Updated ?? e.Published),
        ("author", 0) => Author(First(e.Authors)),
        ("author_detail", 1) => PersonPart(First(e.Authors), rest[0]),
        ("tags", 2) when rest[0] is int i && rest[1] is "term" => i < e.Categories.Count ? e.Categories[i] : null,
        ("enclosures", 2) when rest[0] is int i && i < e.Enclosures.Count => rest[1] switch
        {
            "href" or "url" => e.Enclosures[i].Url.ToString(),
            "type" => e.Enclosures[i].MediaType,
            "length" => e.Enclosures[i].Length?.ToString(CultureInfo.InvariantCulture),
            _ => Unsupported,
        },
        _ => Unsupported,
    };

    private static object? PersonPart(Person? p, object part) => part switch
    {
        "name" => p?.Name,
        "email" => p?.Email,
        "href" or "url" => p?.Uri?.ToString(),
        _ => Unsupported,
    };

    /// <summary>How a value is compared: titles as displayed text, HTML fields up to character-reference spelling.</summary>
    public static FieldKind KindOf(IReadOnlyList<object> path)
    {
        var last = path[^1] is "value" && path.Count >= 2 ? path[^2] : path[^1];
        return last switch
        {
            "title" or "title_detail" or "subtitle" or "subtitle_detail" or "tagline" or "tagline_detail"
                or "rights" or "copyright" or "copyright_detail" or "rights_detail" => FieldKind.PlainText,
            "description" or "summary" or "summary_detail" => FieldKind.Html,
            0 when path.Contains("content") => FieldKind.Html,
            _ => path.Contains("content") ? FieldKind.Html : FieldKind.Exact,
        };
    }

    // feedparser's "author" is "Name (email)" when it has both.
    private static string? Author(Person? p) => p is { Name: not null, Email: not null } ? $"{p.Name} ({p.Email})" : p?.Display;

    private static Person? First(IReadOnlyList<Person> people) => people.Count > 0 ? people[0] : null;

    // feedparser's time.struct_time, in UTC.
    private static int[]? Struct(DateTimeOffset? d)
    {
        if (d is not { } value)
        {
            return null;
        }

        var u = value.UtcDateTime;
        return [u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second, ((int)u.DayOfWeek + 6) % 7, u.DayOfYear, 0];
    }
}
