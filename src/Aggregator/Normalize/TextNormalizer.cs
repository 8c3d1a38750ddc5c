using Aggregator.Parse;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace Aggregator.Normalize;

/// <summary>
/// Folds text so that copies differing only in typography compare equal: lower case, accents
/// removed, curly quotes and dashes made ASCII, then every non-letter-or-digit a single space.
/// Kept apart from <see cref="TextFolding"/> (topic matching's folding) because its output is stored: a change
/// here changes every stored fingerprint, signature and content identity. It lives in Normalize, not Dedup,
/// because Normalize makes the identity of entries without a link or id from it, and Dedup comes after.
/// </summary>
public static class TextNormalizer
{
    /// <summary>A title as dedup compares it; titles are plain text but some feeds put entities in them.</summary>
    public static string FoldTitle(string? title) => Fold(TagStripper.ToPlainText(title));

    /// <summary>Lower-case ASCII-ish letters and digits separated by single spaces, no leading or trailing space.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var folded = ScratchBuilder.Rent(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            string? mapped = c < 128 ? null : FoldNonAscii(c);
            bool keep = c < 128 ? char.IsAsciiLetterOrDigit(c) : mapped is { Length: > 0 };
            if (!keep)
            {
                // Accents alone (combining marks) vanish without splitting the word they belong to.
                pendingSpace |= mapped is null && folded.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                folded.Append(' ');
                pendingSpace = false;
            }
            if (mapped is null)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                folded.Append(mapped);
            }
        }
        return ScratchBuilder.ToStringAndReturn(folded);
    }

    /// <summary>
    /// A non-ASCII character folded: its base letters lower-cased ("é" → "e"), "" for a combining
    /// mark, null for anything that separates words. Latin letters are precomputed, since nearly
    /// every non-ASCII character in this beat's text is an accent or a curly quote; any other character is
    /// worked out once per process and kept (<see cref="FoldedPages"/>): worked out each time, a Greek, Cyrillic or
    /// CJK letter cost a decomposition and three strings, so an outlet writing in those scripts paid that per letter.
    /// </summary>
    internal static string? FoldNonAscii(char c)
    {
        if (c < LatinTableEnd)
        {
            return LatinTable[c];
        }
        var page = FoldedPages[c >> PageBits] ?? NewPage(c >> PageBits);
        var folded = page[c & PageMask];
        if (ReferenceEquals(folded, NotYetFolded))
        {
            // Two threads may both fold the character: the same answer, and a reference is written whole.
            folded = FoldSlow(c);
            page[c & PageMask] = folded;
        }
        return folded;
    }

    private const char LatinTableEnd = '\u0250';

    private static readonly string?[] LatinTable = BuildLatinTable();

    private const int PageBits = 8;
    private const int PageMask = (1 << PageBits) - 1;

    /// <summary>Marks a character of a page not yet folded; compared by reference, so no fold's answer is ever taken for it.</summary>
    private static readonly string NotYetFolded = new('\uFFFF', 1);

    /// <summary>
    /// Folded characters above the Latin table, in pages of 256 made when a character of the page is first seen: the
    /// whole plane up front would be half a megabyte per process, most of it for scripts an outlet never uses.
    /// </summary>
    private static readonly string?[]?[] FoldedPages = new string?[]?[(char.MaxValue + 1) >> PageBits];

    private static string?[] NewPage(int index)
    {
        var page = new string?[1 << PageBits];
        Array.Fill(page, NotYetFolded);
        // The first page stored wins, so what another thread folded into it is not thrown away.
        return Interlocked.CompareExchange(ref FoldedPages[index], page, null) ?? page;
    }

    private static string?[] BuildLatinTable()
    {
        var table = new string?[LatinTableEnd];
        for (char c = (char)128; c < LatinTableEnd; c++)
        {
            table[c] = FoldSlow(c);
        }
        return table;
    }

    /// <summary>What <see cref="FoldNonAscii"/> answers, worked out from Unicode's tables each time.</summary>
    internal static string? FoldSlow(char c)
    {
        if (Special(c) is { } special)
        {
            return special;
        }
        if (char.IsSurrogate(c))
        {
            return null;
        }
        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
        {
            return string.Empty;
        }
        if (!char.IsLetterOrDigit(c))
        {
            return null;
        }
        var letters = new StringBuilder(2);
        foreach (char part in c.ToString().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
            {
                letters.Append(char.ToLowerInvariant(part));
            }
        }
        return letters.ToString();
    }

    /// <summary>Curly quotes, primes and dashes as ASCII, non-breaking spaces as spaces; for matching boilerplate before folding.</summary>
    public static string AsciiPunctuation(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        // Most text has none of them: it is returned as it is, not copied.
        if (text.AsSpan().IndexOfAny(TypographicPunctuation) < 0)
        {
            return text;
        }
        return string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = Ascii(source[i]);
            }
        });
    }

    private static readonly SearchValues<char> TypographicPunctuation = SearchValues.Create(
        "\u2018\u2019\u201A\u201B\u2032\u00B4`\u201C\u201D\u201E\u201F\u2033\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00A0\u2007\u202F\u2009\u200A");

    private static char Ascii(char c) => c switch
        {
            '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u00B4' or '`' => '\'',
            // Guillemets stay: "Read more »" needs its arrow, and folding drops them anyway.
            '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => '"',
            '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
            '\u00A0' or '\u2007' or '\u202F' or '\u2009' or '\u200A' => ' ',
            _ => c,
        };

    /// <summary>The words of a folded string.</summary>
    public static string[] Words(string folded) =>
        folded.Length == 0 ? [] : folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // Letters that Unicode decomposition does not split into base + accent.
    private static string? Special(char c) => c switch
    {
        'ß' => "ss",
        'æ' or 'Æ' => "ae",
        'œ' or 'Œ' => "oe",
        'ø' or 'Ø' => "o",
        'ł' or 'Ł' => "l",
        'đ' or 'Đ' => "d",
        'ı' => "i",
        'þ' or 'Þ' => "th",
        _ => null,
    };
}
