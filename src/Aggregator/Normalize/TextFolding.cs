using Aggregator.Parse;
using System.Globalization;
using System.Text;

namespace Aggregator.Normalize;

/// <summary>
/// Text reduced to what matching compares: lower-case words of letters and digits without accents,
/// separated by single spaces. "Guaidó’s Regime-Change!" folds to "guaido s regime change".
/// Runs on every article, so it is a loop over a precomputed table rather than regular expressions.
/// </summary>
public static class TextFolding
{
    /// <summary>Characters below this are folded through <see cref="Table"/>; it covers Latin, Greek, Cyrillic and the common punctuation blocks.</summary>
    private const int TableSize = 0x3000;

    /// <summary>Letters that Unicode does not decompose but a reader treats as the base letter (declared before <see cref="Table"/>, which reads it).</summary>
    private static readonly Dictionary<char, string> Special = new()
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe",
        ['ø'] = "o", ['Ø'] = "o", ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d",
        ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th", ['ı'] = "i", ['ħ'] = "h", ['Ħ'] = "h",
    };

    /// <summary>
    /// Per character: null = separator, "" = combining mark (dropped without breaking the word),
    /// otherwise what the character folds to.
    /// </summary>
    private static readonly string?[] Table = BuildTable();

    private const char LigaturesStart = '\uFB00', LigaturesEnd = '\uFB4F';

    /// <summary>The alphabetic presentation forms (ligatures) folded as <see cref="Table"/> folds its characters.</summary>
    private static readonly string?[] Ligatures = [.. Enumerable.Range(LigaturesStart, LigaturesEnd - LigaturesStart + 1).Select(c => FoldByDecomposition((char)c))];

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = ScratchBuilder.Rent(text.Length);
        Append(sb, text);
        return ScratchBuilder.ToStringAndReturn(sb);
    }

    /// <summary>
    /// Appends what <see cref="Fold"/> returns for <paramref name="text"/> to <paramref name="sb"/>, after what it holds
    /// already and with no space between: several fields folded into one buffer, so they need no string each.
    /// </summary>
    internal static void Append(StringBuilder sb, ReadOnlySpan<char> text)
    {
        var start = sb.Length;
        var pendingSeparator = false;
        Span<char> one = stackalloc char[2];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (pendingSeparator && sb.Length > start)
                    {
                        sb.Append(' ');
                    }

                    pendingSeparator = false;
                    sb.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
                }
                else
                {
                    pendingSeparator = true;
                }

                continue;
            }

            // A character folds to nothing but the separator, to nothing (a mark), or to one or more characters, never to a
            // string of its own: East Asian text is letters outside the table, and a string per letter was its cost.
            scoped ReadOnlySpan<char> folded;
            var separates = false;
            if (c < TableSize)
            {
                var known = Table[c];
                separates = known is null;
                folded = known;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                i++;
                if (Rune.IsLetterOrDigit(rune))
                {
                    folded = one[..Rune.ToLowerInvariant(rune).EncodeToUtf16(one)];
                }
                else
                {
                    separates = !IsMark(Rune.GetUnicodeCategory(rune));
                    folded = default;
                }
            }
            else if (c is >= '\uFF01' and <= '\uFF5E')
            {
                // Full-width ASCII (common in East Asian text) is the same word as its ASCII twin.
                var ascii = (char)(c - 0xFEE0);
                separates = !char.IsAsciiLetterOrDigit(ascii);
                one[0] = char.ToLowerInvariant(ascii);
                folded = separates ? default : one[..1];
            }
            else if (c is >= LigaturesStart and <= LigaturesEnd)
            {
                // Ligatures (ﬁ, ﬂ, ﬀ) from typeset text, decomposed once.
                var known = Ligatures[c - LigaturesStart];
                separates = known is null;
                folded = known;
            }
            else if (char.IsLetterOrDigit(c))
            {
                one[0] = char.ToLowerInvariant(c);
                folded = one[..1];
            }
            else
            {
                separates = !IsMark(char.GetUnicodeCategory(c));
                folded = default;
            }

            if (separates)
            {
                pendingSeparator = true;
            }
            else if (!folded.IsEmpty)
            {
                if (pendingSeparator && sb.Length > start)
                {
                    sb.Append(' ');
                }

                pendingSeparator = false;
                sb.Append(folded);
            }
        }
    }

    /// <summary>The words of a folded text.</summary>
    public static IEnumerable<string> Words(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        return folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static string?[] BuildTable()
    {
        var table = new string?[TableSize];
        for (var i = 0x80; i < TableSize; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                continue;
            }

            // Curly quotes, dashes and every other non-letter separate words (null), exactly like their ASCII forms.
            table[i] = FoldByDecomposition(c);
        }

        return table;
    }

    /// <summary>Compatibility decomposition splits ligatures (ĳ → ij) and separates accents as marks, which are dropped.</summary>
    private static string? FoldByDecomposition(char c)
    {
        if (!char.IsLetterOrDigit(c))
        {
            return IsMark(char.GetUnicodeCategory(c)) ? "" : null;
        }

        if (Special.TryGetValue(c, out var special))
        {
            return special;
        }

        var sb = new StringBuilder(4);
        foreach (var d in c.ToString().Normalize(NormalizationForm.FormKD))
        {
            if (Special.TryGetValue(d, out var s))
            {
                sb.Append(s);
            }
            else if (char.IsLetterOrDigit(d))
            {
                sb.Append(char.ToLowerInvariant(d));
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }
}
