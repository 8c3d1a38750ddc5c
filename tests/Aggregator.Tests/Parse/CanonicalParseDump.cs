using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Model;

namespace Aggregator.Tests.Parse;

/// <summary>
/// Every field a parse returns, written out one per line in a fixed order, so two parses compare as text and a
/// whole result reduces to a short hash that can be checked in (<see cref="ParseOutputHashTests"/>).
/// </summary>
public static class CanonicalParseDump
{
    public static string Of(ParseResult result)
    {
        var dump = new StringBuilder();
        Line(dump, "error", result.Error);
        foreach (var uri in result.DiscoveredFeeds)
        {
            Line(dump, "discovered", Text(uri));
        }

        if (result.Feed is not { } feed)
        {
            return dump.ToString();
        }

        Line(dump, "format", feed.Format.ToString());
        Line(dump, "version", feed.Version);
        Line(dump, "title", feed.Title);
        Line(dump, "subtitle", feed.Subtitle);
        Line(dump, "link", Text(feed.Link));
        Line(dump, "feedUrl", Text(feed.FeedUrl));
        Line(dump, "id", feed.Id);
        Line(dump, "language", feed.Language);
        Line(dump, "rights", feed.Rights);
        Line(dump, "updated", Text(feed.Updated));
        People(dump, "author", feed.Authors);
        Line(dump, "image", Text(feed.ImageUrl));
        Line(dump, "generator", feed.Generator);
        Line(dump, "hub", Text(feed.Hub));
        Line(dump, "ttl", feed.Hints.Ttl?.ToString("c", CultureInfo.InvariantCulture));
        Line(dump, "updateEvery", feed.Hints.UpdateEvery?.ToString("c", CultureInfo.InvariantCulture));
        Line(dump, "skipHours", string.Join(',', feed.Hints.SkipHours.Order()));
        Line(dump, "skipDays", string.Join(',', feed.Hints.SkipDays.Order()));
        foreach (var warning in feed.Warnings)
        {
            Line(dump, "warning", warning);
        }

        if (feed.Loss is { } loss)
        {
            Line(dump, "loss", $"{loss.Read} {loss.Marked} {loss.OverLimit} {loss.Reason}");
        }

        foreach (var entry in feed.Entries)
        {
            Entry(dump, entry);
        }

        return dump.ToString();
    }

    /// <summary>One entry's lines, as <see cref="Of"/> writes each.</summary>
    public static string Of(FeedEntry entry)
    {
        var dump = new StringBuilder();
        Entry(dump, entry);
        return dump.ToString();
    }

    private static void Entry(StringBuilder dump, FeedEntry entry)
    {
        Line(dump, "entry", "");
        Line(dump, " id", entry.Id);
        Line(dump, " title", entry.Title);
        Line(dump, " link", Text(entry.Link));
        Line(dump, " published", Text(entry.Published));
        Line(dump, " updated", Text(entry.Updated));
        People(dump, " author", entry.Authors);
        Line(dump, " summary", entry.Summary);
        Line(dump, " content", entry.Content);
        foreach (var category in entry.Categories)
        {
            Line(dump, " category", category);
        }

        foreach (var enclosure in entry.Enclosures)
        {
            Line(dump, " enclosure", $"{Text(enclosure.Url)} {enclosure.MediaType ?? "-"} {enclosure.Length?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        }

        Line(dump, " image", Text(entry.ImageUrl));
        Line(dump, " base", Text(entry.BaseUri));
    }

    /// <summary>The first 16 hex digits of the dump's SHA-256: enough to tell any change, short enough to check in thousands.</summary>
    public static string Hash(string dump) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dump)))[..16];

    private static void People(StringBuilder dump, string name, IReadOnlyList<Person> people)
    {
        foreach (var person in people)
        {
            Line(dump, name, $"{person.Name ?? "-"} | {person.Email ?? "-"} | {Text(person.Uri) ?? "-"}");
        }
    }

    // Both the text as read and the absolute form, since either can change while the other stays.
    private static string? Text(Uri? uri) =>
        uri is null ? null : uri.IsAbsoluteUri ? $"{uri.OriginalString} => {uri.AbsoluteUri}" : uri.OriginalString;

    private static string? Text(DateTimeOffset? date) => date?.ToString("O", CultureInfo.InvariantCulture);

    // Values can hold line breaks; escaping them keeps one field a line, and null apart from empty.
    private static void Line(StringBuilder dump, string name, string? value) =>
        dump.Append(name).Append('=').Append(value is null ? "(null)" : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)).Append('\n');
}
