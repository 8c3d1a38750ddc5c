using System.Globalization;
using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse.Atom;
using Aggregator.Parse.Html;
using Aggregator.Parse.JsonFeed;
using Aggregator.Parse.Rdf;
using Aggregator.Parse.Rss;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// The one lenient feed reader (Miniflux's parser.go, gofeed's detector): decode the bytes, detect
/// the format from content, hand the text to the format's adapter, and return a value for every
/// input. It never throws: an unexpected exception is a bug, reported as a failure, not a crash.
/// A well-formed XML feed takes a shorter road to the same result (<see cref="WellFormedFeed"/>).
/// </summary>
public static class FeedParser
{
    public static ParseResult Parse(byte[] body, Uri baseUri, string? contentType = null) =>
        Parse(body, baseUri, contentType, FeedLimits.MaxEntries);

    /// <summary>As <see cref="Parse(byte[], Uri, string?)"/>, keeping at most <paramref name="maxEntries"/> entries.</summary>
    public static ParseResult Parse(byte[] body, Uri baseUri, string? contentType, int maxEntries)
    {
        try
        {
            return ParseUnchecked(body ?? [], baseUri, contentType, Math.Max(1, maxEntries));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ParseResult.Failure($"parse: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }
    }

    private static ParseResult ParseUnchecked(byte[] body, Uri baseUri, string? contentType, int maxEntries)
    {
        if (body.Length == 0)
        {
            return ParseResult.Failure("parse: empty body");
        }

        // Most feeds are well-formed XML and take the short road; everything else, and any doubt, the lenient one.
        var charset = BodyDecoder.Choose(body, contentType);
        return WellFormedFeed.TryParse(body, charset, baseUri, maxEntries, out var entryTags) is { } wellFormed
            ? Finish(wellFormed, body, charset, maxEntries, entryTags)
            : Finish(ParseLenient(body, charset, baseUri, maxEntries), body, charset, maxEntries);
    }

    /// <summary>What either road's feed gets last: the entries it lost counted, double-encoded text repaired.</summary>
    /// <param name="entryTags">The item and entry start tags already counted by the reader, if it counted them.</param>
    internal static ParseResult Finish(ParseResult result, byte[] body, BodyCharset charset, int maxEntries, int? entryTags = null)
    {
        result = WithLoss(result, body, charset, maxEntries, entryTags);
        return result.Feed is { } feed && !TellTaleFree.Holds(body.AsSpan(charset.Skip), charset, feed.Format)
            && DoubleEncoding.Repair(feed) is var repaired && !ReferenceEquals(repaired, feed)
            ? ParseResult.Success(repaired)
            : result;
    }

    /// <summary>
    /// No entry is lost silently: an XML feed whose body holds more item or entry start tags than entries were read
    /// says so, with the reader's last warning as the reason (or the entry limit, when that left them out).
    /// </summary>
    private static ParseResult WithLoss(ParseResult result, byte[] body, BodyCharset charset, int maxEntries, int? entryTags)
    {
        if (result.Feed is not { Format: FeedFormat.Rss or FeedFormat.Rdf or FeedFormat.Atom } feed)
        {
            return result;
        }

        var marked = entryTags ?? EntryMarkup.Count(body, charset);
        var read = feed.Entries.Count;
        if (marked <= read)
        {
            return result;
        }

        var overLimit = read >= maxEntries ? marked - read : 0;
        var reason = overLimit > 0
            ? $"the first {maxEntries.ToString(CultureInfo.InvariantCulture)} kept"
            : feed.Warnings.Count > 0 ? feed.Warnings[^1] : "markup the reader could not make out as entries";
        var loss = new EntryLoss(read, marked, overLimit, reason) { CutOff = Math.Min(feed.CutOffEntries, marked - read - overLimit) };
        return ParseResult.Success(feed with { Loss = loss, Warnings = [.. feed.Warnings, loss.Message] });
    }

    /// <summary>The whole body decoded to text, then detected, repaired and read: what any input gets, well-formed or not.</summary>
    internal static ParseResult ParseLenient(byte[] body, BodyCharset charset, Uri baseUri, int maxEntries)
    {
        var decoded = new DecodedBody(charset.GetString(body), charset.Label, charset.Warnings);
        var detection = FormatDetector.Detect(decoded.Text);
        switch (detection.Format)
        {
            case DetectedFormat.Unknown when string.IsNullOrWhiteSpace(decoded.Text.Replace('\uFEFF', ' ').Replace('\0', ' ')):
                return ParseResult.Failure("parse: empty body");
            case DetectedFormat.Unknown when CompressedKind(body) is { } kind:
                // Fetch undid every Content-Encoding the server named: data still compressed was compressed once more.
                return ParseResult.Failure($"parse: not a feed: the body is still {kind} data, compressed once more than its Content-Encoding says (starts with {Describe(body)})");
            case DetectedFormat.Unknown:
                return ParseResult.Failure($"parse: not a feed (starts with {Describe(body)})");
            case DetectedFormat.OtherXml:
                return ParseResult.Failure($"parse: not a feed (XML root element <{detection.RootName}>)");
            case DetectedFormat.Html:
                return ParseResult.HtmlWithFeeds(HtmlFeedLinks.Discover(decoded.Text, baseUri));
            case DetectedFormat.JsonFeed:
                return WithWarnings(JsonFeedAdapter.Parse(decoded.Text, baseUri, maxEntries), decoded.Warnings, []);
            default:
                return ParseXml(decoded, baseUri, maxEntries);
        }
    }

    private static ParseResult ParseXml(DecodedBody decoded, Uri baseUri, int maxEntries)
    {
        var repaired = XmlRepair.Repair(decoded.Text);
        return FromTree(FeedXmlReader.Read(repaired, maxEntries), baseUri, DoctypeHint(decoded.Text), decoded.Warnings);
    }

    /// <summary>
    /// The feed an element tree holds, chosen by its root element, with the warnings of decoding and reading it.
    /// <paramref name="streamed"/>: entries already mapped while the tree was read.
    /// </summary>
    internal static ParseResult FromTree(XmlReadResult read, Uri baseUri, string? doctypeHint, IReadOnlyList<string> decodeWarnings, StreamedEntries? streamed = null)
    {
        if (read.Root is null)
        {
            var reason = read.Warnings.Count > 0 ? read.Warnings[^1].Replace(FeedXmlReader.KeptSuffix, "", StringComparison.Ordinal) : "no XML root element";
            return ParseResult.Failure("parse: " + reason);
        }

        var root = read.Root;
        // The element actually read decides, which also catches a detector fooled by a comment.
        ParsedFeed? feed = root.LocalName switch
        {
            "rss" => RssAdapter.Adapt(root, baseUri, doctypeHint, streamed),
            "RDF" or "rdf" => RdfAdapter.Adapt(root, baseUri, streamed),
            "feed" => AtomAdapter.Adapt(root, baseUri, streamed),
            // Userland-style documents that start at <channel>.
            "channel" or "CHANNEL" => RssAdapter.Adapt(root, baseUri),
            _ => null,
        };
        if (feed is null)
        {
            return ParseResult.Failure($"parse: not a feed (XML root element <{root.Name}>)");
        }

        if (streamed is { AllTaken: false })
        {
            throw new InvalidOperationException("an entry mapped while reading was not selected by its adapter");
        }

        return WithWarnings(ParseResult.Success(read.CutOffEntries > 0 ? feed with { CutOffEntries = read.CutOffEntries } : feed), decodeWarnings, read.Warnings);
    }

    private static ParseResult WithWarnings(ParseResult result, IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        if (result.Feed is not { } feed || (first.Count == 0 && second.Count == 0))
        {
            return result;
        }

        return ParseResult.Success(feed with { Warnings = [.. first, .. second, .. feed.Warnings] });
    }

    /// <summary>The DOCTYPE near the start of the text (RSS 0.91 names Netscape's or Userland's there), or null.</summary>
    internal static string? DoctypeHint(ReadOnlySpan<char> text)
    {
        var i = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        return i < 0 || i > 4096 ? null : new string(text.Slice(i, Math.Min(300, text.Length - i)));
    }

    // The formats with a signature of their own (brotli has none): gzip's member header, zlib's deflate header, zstd's frame.
    private static string? CompressedKind(byte[] body) => body switch
    {
        [0x1F, 0x8B, 0x08, ..] => "gzip",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd",
        [0x78, 0x01 or 0x5E or 0x9C or 0xDA, ..] => "zlib",
        _ => null,
    };

    /// <summary>The first bytes after any BOM and whitespace, printable ASCII as is and the rest as \xNN: enough to tell a PNG from a 404 page.</summary>
    public static string Describe(byte[] body)
    {
        var start = body.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < body.Length && body[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var sb = new StringBuilder("\"");
        foreach (var b in body.Skip(start).Take(12))
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.Append(body.Length - start > 12 ? "…\"" : "\"").ToString();
    }
}
