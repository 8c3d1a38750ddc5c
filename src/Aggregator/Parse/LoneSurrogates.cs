namespace Aggregator.Parse;

/// <summary>
/// JSON from content may escape half a UTF-16 pair ("\ud800"): System.Text.Json parses the document
/// but throws when the string is read, which would fail a whole feed over one field. Every JSON
/// reader on the ingest path (JSON Feed, JSON-LD in listings and in article pages) repairs the text
/// first: each unpaired surrogate, escaped or raw, becomes U+FFFD, as a UTF-8 decoder does with bad bytes.
/// </summary>
public static class LoneSurrogates
{
    /// <summary>The JSON with unpaired surrogates replaced; the very same string when there were none.</summary>
    public static string Repair(string json, out int repaired)
    {
        repaired = 0;
        System.Text.StringBuilder? fixedText = null;
        var copiedUpTo = 0;
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            if (c == '\\' && i + 1 < json.Length)
            {
                if (json[i + 1] == 'u' && Escaped(json, i) is { } unit && char.IsSurrogate(unit))
                {
                    if (char.IsHighSurrogate(unit) && Escaped(json, i + 6) is { } low && char.IsLowSurrogate(low))
                    {
                        i += 12;
                        continue;
                    }
                    Replace(json, ref fixedText, ref copiedUpTo, i, 6, "\\uFFFD");
                    repaired++;
                    i += 6;
                    continue;
                }
                // Any other escape, "\\" included, is two characters that cannot start a surrogate escape.
                i += 2;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
                {
                    i += 2;
                    continue;
                }
                Replace(json, ref fixedText, ref copiedUpTo, i, 1, "\uFFFD");
                repaired++;
            }
            i++;
        }
        return fixedText is null ? json : fixedText.Append(json, copiedUpTo, json.Length - copiedUpTo).ToString();
    }

    // The UTF-16 unit a "\uXXXX" escape at position at spells, or null when there is none there.
    private static char? Escaped(string json, int at)
    {
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u')
        {
            return null;
        }
        var value = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = char.IsAsciiDigit(json[k]) ? json[k] - '0'
                : json[k] is >= 'a' and <= 'f' ? json[k] - 'a' + 10
                : json[k] is >= 'A' and <= 'F' ? json[k] - 'A' + 10
                : -1;
            if (digit < 0)
            {
                return null;
            }
            value = (value * 16) + digit;
        }
        return (char)value;
    }

    private static void Replace(string json, ref System.Text.StringBuilder? fixedText, ref int copiedUpTo, int at, int length, string with)
    {
        fixedText ??= new System.Text.StringBuilder(json.Length);
        fixedText.Append(json, copiedUpTo, at - copiedUpTo).Append(with);
        copiedUpTo = at + length;
    }
}
