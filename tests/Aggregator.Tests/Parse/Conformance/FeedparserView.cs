using System.Globalization;
using Aggregator.Model;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Our result seen through feedparser's field names. feedparser's own aliases (its FeedParserDict keymap:
/// tagline → subtitle, copyright → rights, guid → id, modified/date → updated, issued → published, url → href)
/// are folded first by <see cref="Aliases"/>; then <see cref="FeedField"/> and <see cref="EntryField"/> say which
/// field of ours answers each name. A name our model has no place for answers <see cref="Skipped"/> with the reason.
/// </summary>
public sealed class FeedparserView(ParsedFeed? feed, string charset)
{
    /// <summary>feedparser's alias → the name it stands for (feedparser's keymap, plus Atom 0.3 spellings).</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tagline"] = "subtitle",
        ["tagline_detail"] = "subtitle_detail",
        ["copyright"] = "rights",
        ["copyright_detail"] = "rights_detail",
        ["guid"] = "id",
        ["date"] = "updated",
        ["date_parsed"] = "updated_parsed",
        ["modified"] = "updated",
        ["modified_parsed"] = "updated_parsed",
        ["issued"] = "published",
        ["issued_parsed"] = "published_parsed",
        ["url"] = "href",
    };

    /// <summary>feedparser's "description" is the feed's subtitle and an entry's summary.</summary>
    private static string Canonical(object part, bool inEntry) => part switch
    {
        "description" => inEntry ? "summary" : "subtitle",
        "description_detail" => inEntry ? "summary_detail" : "subtitle_detail",
        string s => Aliases.TryGetValue(s, out var target) ? target : s,
        _ => part.ToString()!,
    };

    /// <summary>The value at a feedparser path like ["entries", 0, "title"]: string, int[], a dictionary, null, or <see cref="Skipped"/>.</summary>
    public object? Get(IReadOnlyList<object> path)
    {
        if (path is ["encoding"])
        {
            return charset;
        }

        if (path is ["version"])
        {
            return feed?.Version;
        }

        if (path.Count >= 2 && path[0] is "feed" or "channel" && path[1] is string)
        {
            var key = Canonical(path[1], inEntry: false);
            return feed is null ? null : FeedField(feed, key, path.Skip(2).Select(p => p is int i ? (object)i : Canonical(p, false)).ToList());
        }

        if (path.Count >= 3 && path[0] is "entries" or "items" && path[1] is int index && path[2] is string)
        {
            var key = Canonical(path[2], inEntry: true);
            var rest = path.Skip(3).Select(p => p is int i ? (object)i : Canonical(p, true)).ToList();
            if (feed is null || index >= feed.Entries.Count)
            {
                // What the entry would have held is unknown, but a field without a place stays skipped.
                return EntryField(new FeedEntry(), key, rest) is Skipped skipped ? skipped : null;
            }

            return EntryField(feed.Entries[index], key, rest);
        }

        return new Skipped($"no field for {Describe(path)}");
    }

    /// <summary>The entry's base for resolving relative URLs in its HTML (the Normalize stage uses the same).</summary>
    public Uri? BaseFor(IReadOnlyList<object> path) =>
        path.Count >= 2 && path[0] is "entries" && path[1] is int index && feed is not null && index < feed.Entries.Count
            ? feed.Entries[index].BaseUri
            : feed?.Link;

    private static object? FeedField(ParsedFeed feed, string key, List<object> rest) => (key, rest) switch
    {
        ("title", []) or ("title_detail", ["value"]) => feed.Title,
        ("subtitle", []) or ("subtitle_detail", ["value"]) => feed.Subtitle,
        ("rights", []) or ("rights_detail", ["value"]) => feed.Rights,
        ("link", []) => feed.Link?.ToString(),
        ("language", []) => feed.Language,
        ("id", []) => feed.Id,
        ("generator", []) or ("generator_detail", ["name"]) => feed.Generator,
        ("updated_parsed", []) => Struct(feed.Updated),
        ("author", []) => Author(First(feed.Authors)),
        ("author_detail", [string part]) => PersonPart(First(feed.Authors), part),
        ("authors", [int i, string part]) => PersonPart(i < feed.Authors.Count ? feed.Authors[i] : null, part),
        ("image", ["href"]) or ("logo", []) or ("icon", []) => feed.ImageUrl?.ToString(),
        (_, [.., "type"]) when key.EndsWith("_detail", StringComparison.Ordinal) => new Skipped("text construct type (our model fixes titles as plain text, bodies as HTML)"),
        (_, [.., "language"]) when key.EndsWith("_detail", StringComparison.Ordinal) => new Skipped("per-element xml:lang (the model keeps one feed language)"),
        (_, [.., "base"]) when key.EndsWith("_detail", StringComparison.Ordinal) => new Skipped("base of a feed-level text (plain text needs none)"),
        ("info" or "info_detail", _) => new Skipped("feed.info (Atom 0.3 <info>: no field)"),
        ("contributors", _) => new Skipped("contributors (no field)"),
        ("links", _) => new Skipped("links list (the model keeps link, self link and hub only)"),
        ("tags" or "category", _) => new Skipped("feed categories (no field)"),
        ("updated" or "published" or "created", []) => new Skipped("raw date strings (the model keeps parsed dates)"),
        _ => new Skipped($"no field for feed.{key}"),
    };

    private static object? EntryField(FeedEntry e, string key, List<object> rest) => (key, rest) switch
    {
        ("title", []) or ("title_detail", ["value"]) => e.Title,
        ("link", []) => e.Link?.ToString(),
        ("id", []) => e.Id,
        // feedparser's summary is the description, else the content; its content is the content, else nothing.
        ("summary", []) or ("summary_detail", ["value"]) => e.Summary ?? e.Content,
        ("content", [0, "value"]) => e.Content ?? e.Summary,
        ("summary_detail", ["base"]) or ("content", [0, "base"]) => e.BaseUri?.ToString(),
        ("published_parsed" or "created_parsed", []) => Struct(e.Published),
        ("updated_parsed", []) => Struct(e.Updated ?? e.Published),
        ("author", []) => Author(First(e.Authors)),
        ("author_detail", [string part]) => PersonPart(First(e.Authors), part),
        ("authors", [int i, string part]) => PersonPart(i < e.Authors.Count ? e.Authors[i] : null, part),
        ("tags", [int i, "term"]) => i < e.Categories.Count ? e.Categories[i] : null,
        ("tags", [int, _]) => new Skipped("category scheme/label (the model keeps the term only)"),
        ("enclosures", [int i, string part]) => i < e.Enclosures.Count ? EnclosurePart(e.Enclosures[i], part) : null,
        ("enclosures", [int i]) => i < e.Enclosures.Count ? EnclosureDictionary(e.Enclosures[i]) : null,
        ("image", ["href"]) or ("media_thumbnail", [0, "href"]) => e.ImageUrl?.ToString(),
        (_, [.., "type"]) when key.EndsWith("_detail", StringComparison.Ordinal) || key == "content" => new Skipped("text construct type (our model fixes titles as plain text, bodies as HTML)"),
        (_, [.., "language"]) when key.EndsWith("_detail", StringComparison.Ordinal) || key == "content" => new Skipped("per-element xml:lang (the model keeps one feed language)"),
        ("title_detail", ["base"]) => new Skipped("base of a title (plain text needs none)"),
        ("contributors", _) => new Skipped("contributors (no field)"),
        ("links", _) => new Skipped("links list (the model keeps one link)"),
        ("source", _) => new Skipped("Atom <source> (no field)"),
        ("comments", _) => new Skipped("RSS <comments> (no field)"),
        ("rights" or "rights_detail", _) => new Skipped("entry rights (no field)"),
        ("updated" or "published" or "created" or "expired", []) => new Skipped("raw date strings (the model keeps parsed dates)"),
        _ => new Skipped($"no field for entries.{key}"),
    };

    private static object? PersonPart(Person? p, string part) => part switch
    {
        "name" => p?.Name,
        "email" => p?.Email,
        "href" => p?.Uri?.ToString(),
        _ => new Skipped($"author_detail.{part} (no field)"),
    };

    private static object? EnclosurePart(Enclosure enclosure, string part) => part switch
    {
        "href" => enclosure.Url.ToString(),
        "type" => enclosure.MediaType,
        "length" => enclosure.Length?.ToString(CultureInfo.InvariantCulture),
        _ => new Skipped($"enclosure {part} (no field)"),
    };

    private static Dictionary<string, string?> EnclosureDictionary(Enclosure enclosure) => new(StringComparer.Ordinal)
    {
        ["href"] = enclosure.Url.ToString(),
        ["type"] = enclosure.MediaType,
        ["length"] = enclosure.Length?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>How a value at this path is compared.</summary>
    public static FieldKind KindOf(IReadOnlyList<object> path)
    {
        var inEntry = path.Count > 0 && path[0] is "entries" or "items";
        var names = path.OfType<string>().Select(p => Canonical(p, inEntry)).ToList();
        var last = names[^1];
        var owner = last is "value" && names.Count >= 2 ? names[^2] : last;
        return owner switch
        {
            "title" or "title_detail" or "subtitle" or "subtitle_detail" or "rights" or "rights_detail" => FieldKind.PlainText,
            "summary" or "summary_detail" or "content" => FieldKind.Html,
            "link" or "href" or "base" or "logo" or "icon" => FieldKind.Url,
            _ when names.Count > 1 && names[^2] is "image" or "media_thumbnail" => FieldKind.Url,
            _ => FieldKind.Exact,
        };
    }

    private static string Describe(IReadOnlyList<object> path) => string.Join('.', path.Select(p => p is int ? "#" : p));

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
