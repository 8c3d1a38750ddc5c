using System.Buffers;
using System.Text;
using Aggregator.Model;

namespace Aggregator.Parse;

/// <summary>
/// Repairs UTF-8 text that was decoded as windows-1252 before it was written into the feed ("feminicÃ­dio" for
/// "feminicídio"), as feedparser and ftfy do. Only where the round trip is unambiguous: a run of a lead character
/// (Â–ô) and the continuations it needs maps back to windows-1252 bytes that are exactly one valid UTF-8 character.
/// A lone "Ã" or a lead followed by ordinary text stays as written.
/// </summary>
public static class DoubleEncoding
{
    private static readonly Encoding StrictWindows1252 = Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    // What a UTF-8 continuation byte (0x80–0xBF) reads as in windows-1252.
    private static readonly string Continuations = Continuation();

    private static readonly SearchValues<char> ContinuationChars = SearchValues.Create(Continuations);

    static DoubleEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The repaired text, or the same instance when there is nothing (unambiguous) to repair.</summary>
    public static string? Repair(string? text)
    {
        if (text is null || !HasTellTale(text))
        {
            return text;
        }

        // Sequence by sequence, so a title that mixes a double-encoded word with correct text ("—", "中") is
        // repaired too: each lead-and-continuations run must read back as exactly one UTF-8 character.
        var sb = new StringBuilder(text.Length);
        Span<byte> bytes = stackalloc byte[4];
        Span<char> pair = stackalloc char[2];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var need = c is >= '\u00C2' and <= '\u00DF' ? 1 : c is >= '\u00E0' and <= '\u00EF' ? 2 : c is >= '\u00F0' and <= '\u00F4' ? 3 : 0;
            if (need > 0 && i + need < text.Length && IsContinuationRun(text.AsSpan(i + 1, need))
                && TryWindows1252(text.AsSpan(i, need + 1), bytes) && Rune.DecodeFromUtf8(bytes[..(need + 1)], out var rune, out var consumed) == OperationStatus.Done
                && consumed == need + 1)
            {
                sb.Append(pair[..rune.EncodeToUtf16(pair)]);
                i += need + 1;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.Length == text.Length ? text : sb.ToString();
    }

    private static bool IsContinuationRun(ReadOnlySpan<char> chars) => !chars.ContainsAnyExcept(ContinuationChars);

    private static bool TryWindows1252(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        try
        {
            return StrictWindows1252.GetBytes(chars, bytes) == chars.Length;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The feed with its text fields repaired; the same instance when none needed it.</summary>
    public static ParsedFeed Repair(ParsedFeed feed)
    {
        var entries = feed.Entries;
        List<FeedEntry>? repairedEntries = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            // A body kept as UTF-8 (see Utf8Text) is looked at in its bytes, so one without the tell-tale is not decoded here.
            var title = Repair(e.Title);
            var summary = e.Utf8Summary is { } utf8Summary && !HasTellTale(utf8Summary.Bytes) ? null : Repaired(e.Summary);
            var content = e.Utf8Content is { } utf8Content && !HasTellTale(utf8Content.Bytes) ? null : Repaired(e.Content);
            if (!ReferenceEquals(title, e.Title) || summary is not null || content is not null)
            {
                // Only what changed is set: a body kept as UTF-8 that needed nothing stays so.
                var repaired = e with { Title = title };
                repaired = summary is null ? repaired : repaired with { Summary = summary };
                repairedEntries ??= [.. entries];
                repairedEntries[i] = content is null ? repaired : repaired with { Content = content };
            }
        }

        var (feedTitle, subtitle) = (Repair(feed.Title), Repair(feed.Subtitle));
        return repairedEntries is null && ReferenceEquals(feedTitle, feed.Title) && ReferenceEquals(subtitle, feed.Subtitle)
            ? feed
            : feed with { Title = feedTitle, Subtitle = subtitle, Entries = repairedEntries ?? entries };
    }

    /// <summary>A body repaired, or null when there is nothing to repair.</summary>
    private static string? Repaired(string? body) => Repair(body) is var repaired && ReferenceEquals(repaired, body) ? null : repaired;

    // As HasTellTale(string), over the UTF-8 of the same text: a lead U+00C2–U+00F4 is written 0xC3 0x82–0xB4, and
    // every continuation character is in the Basic Multilingual Plane, so the character after it decodes to one char.
    private static bool HasTellTale(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        int at;
        while ((at = utf8[offset..].IndexOf((byte)0xC3)) >= 0)
        {
            var i = offset + at;
            if (i + 2 < utf8.Length && utf8[i + 1] is >= 0x82 and <= 0xB4
                && Rune.DecodeFromUtf8(utf8[(i + 2)..], out var next, out _) == OperationStatus.Done
                && next.IsBmp && ContinuationChars.Contains((char)next.Value))
            {
                return true;
            }

            offset = i + 1;
        }

        return false;
    }

    // A lead byte of a two- to four-byte sequence (0xC2–0xF4, as windows-1252 reads them) before a continuation.
    // Leads are searched for, not continuations: one contiguous range is a fast vectorized search, and text without
    // Latin-1 letters (most of every feed) has none, while "—", "…" and curly quotes are continuations.
    private static bool HasTellTale(string text)
    {
        var span = text.AsSpan();
        var offset = 0;
        int at;
        while ((at = span[offset..].IndexOfAnyInRange('\u00C2', '\u00F4')) >= 0)
        {
            var i = offset + at;
            if (i + 1 < span.Length && ContinuationChars.Contains(span[i + 1]))
            {
                return true;
            }

            offset = i + 1;
        }

        return false;
    }

    private static string Continuation()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Enumerable.Range(0x80, 0x40).Select(b => (byte)b).ToArray();
        // Bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode as the C1 control of that value.
        return Encoding.GetEncoding(1252).GetString(bytes);
    }
}
