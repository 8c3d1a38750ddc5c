using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Miniflux's reader testdata: real-world feeds (parser/) must read as feeds with every item and no mojibake;
/// the charset fixtures (encoding/, xml/) must decode to the strings Miniflux's Go tests expect (INDEX.tsv column
/// expected_strings: "a|b" all present, "key=value" a field's value, "key~value" a field containing value).
/// </summary>
public static class MinifluxConformance
{
    private static readonly Uri Base = new("https://example.org/feed");

    // What UTF-8 read as windows-1252 (or the reverse) leaves behind.
    private static readonly string[] Mojibake = ["\uFFFD", "Ã©", "Ã¨", "Ã¼", "Ã¶", "Ã¤", "â€", "Â ", "Ð¾", "Ð°", "Ñ\u0081"];

    public static string Root => Path.Combine(TestPaths.Corpora, "miniflux");

    public static ConformanceTally Run()
    {
        var tally = new ConformanceTally("miniflux");
        foreach (var line in File.ReadLines(Path.Combine(Root, "INDEX.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            var path = cols[0];
            var group = path[..path.IndexOf('/', StringComparison.Ordinal)];
            var bytes = File.ReadAllBytes(Path.Combine(Root, path));
            var result = FeedParser.Parse(bytes, Base);
            var isFeed = cols[2] is "rss" or "feed" or "rdf:RDF";
            if (isFeed)
            {
                tally.Add(group, result.Feed is not null, $"{path}: not read as a feed ({result.Error})");
            }

            var text = result.Feed is { } feed ? FeedText(feed) : BodyDecoder.Decode(bytes).Text;
            if (group == "parser" && result.Feed is { } realWorld)
            {
                var expectedItems = int.Parse(cols[4], CultureInfo.InvariantCulture);
                tally.Add(group, realWorld.Entries.Count == expectedItems, $"{path}: {realWorld.Entries.Count} entries, {expectedItems} <item>/<entry> tags");
                // One real feed has a genuinely empty item (<title></title>, empty description): no text is right there.
                var emptyInSource = Regex.Count(BodyDecoder.Decode(bytes).Text, @"<title>\s*</title>");
                var withoutText = realWorld.Entries.Count(e => e.Title is null && e.Summary is null && e.Content is null);
                tally.Add(group, withoutText <= emptyInSource, $"{path}: {withoutText} entries with neither title nor text, {emptyInSource} empty in the source");
                var garbled = Mojibake.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal));
                tally.Add(group, garbled is null, $"{path}: mojibake {garbled} in the text");
            }

            var expected = cols.Length > 6 ? cols[6] : "";
            foreach (var item in expected.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                var (passed, got) = Check(item, result.Feed, text);
                tally.Add(group, passed, $"{path} {item}: got {got}");
            }
        }

        return tally;
    }

    private static (bool Passed, string Got) Check(string item, ParsedFeed? feed, string text)
    {
        var split = item.IndexOfAny(['=', '~']);
        if (split < 0)
        {
            return (text.Contains(item, StringComparison.Ordinal), Shorten(text));
        }

        var key = item[..split];
        var value = item[(split + 1)..];
        var contains = item[split] == '~';
        var actual = feed is null ? NoteField(text, key) : FeedField(feed, key);
        var passed = actual is not null && (contains ? actual.Contains(value, StringComparison.Ordinal) : actual == value);
        return (passed, actual ?? "null");
    }

    // Fields of Miniflux's Go structs, read from our model.
    private static string? FeedField(ParsedFeed feed, string key)
    {
        if (key == "len(items)")
        {
            return feed.Entries.Count.ToString(CultureInfo.InvariantCulture);
        }

        if (key.StartsWith("items[", StringComparison.Ordinal))
        {
            var close = key.IndexOf(']', StringComparison.Ordinal);
            var index = int.Parse(key[6..close], CultureInfo.InvariantCulture);
            var entry = index < feed.Entries.Count ? feed.Entries[index] : null;
            return key[(close + 2)..] switch
            {
                "title" => entry?.Title,
                "description" => entry?.Summary is { } summary ? HtmlText.ToPlainText(summary, TextLayout.Inline) : null,
                _ => null,
            };
        }

        return key switch
        {
            "channel.title" => feed.Title,
            "channel.description" => feed.Subtitle,
            _ => null,
        };
    }

    // xml/ fixtures are not feeds (<note><to>…</to></note>): the element's text in the decoded document.
    private static string? NoteField(string text, string key)
    {
        var open = text.IndexOf("<" + key + ">", StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf("</" + key + ">", open, StringComparison.Ordinal);
        return close < 0 ? null : text[(open + key.Length + 2)..close];
    }

    private static string FeedText(ParsedFeed feed)
    {
        var sb = new StringBuilder().AppendLine(feed.Title).AppendLine(feed.Subtitle);
        foreach (var e in feed.Entries)
        {
            sb.AppendLine(e.Title).AppendLine(e.Author);
            sb.AppendLine(e.Summary is null ? null : HtmlText.ToPlainText(e.Summary, TextLayout.Inline));
            sb.AppendLine(e.Content is null ? null : HtmlText.ToPlainText(e.Content, TextLayout.Inline));
        }

        return sb.ToString();
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
