namespace Aggregator.Dedup;

/// <summary>
/// How the furniture rules compare a line's characters with their words: as the regular expressions they replaced
/// did with <c>IgnoreCase | CultureInvariant</c>, where an ASCII letter matches its capital and "k" also the Kelvin
/// sign, and nothing else. <see cref="StringComparison.OrdinalIgnoreCase"/> is not that: it also folds "ſ" into "s"
/// and "ı" into "i", which would make furniture of lines the rules leave alone.
/// </summary>
internal static class BoilerplateWords
{
    /// <summary>Whether <paramref name="text"/> begins with <paramref name="word"/> (written in lower case).</summary>
    public static bool StartsWith(ReadOnlySpan<char> text, string word)
    {
        if (text.Length < word.Length)
        {
            return false;
        }
        for (int i = 0; i < word.Length; i++)
        {
            char c = text[i];
            char w = word[i];
            if (c != w && !(char.IsAsciiLetterLower(w) && (c == w - ('a' - 'A') || (w == 'k' && c == '\u212A'))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is one of <paramref name="words"/>, all of it.</summary>
    public static bool IsOneOf(ReadOnlySpan<char> text, params ReadOnlySpan<string> words)
    {
        foreach (string word in words)
        {
            if (text.Length == word.Length && StartsWith(text, word))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The text after its leading white space (the rules' <c>\s*</c>, which is <see cref="char.IsWhiteSpace(char)"/>).</summary>
    public static ReadOnlySpan<char> SkipSpace(ReadOnlySpan<char> text) => text.TrimStart();

    /// <summary>Moves <paramref name="text"/> past its leading digits (<c>\d+</c>: any Unicode decimal digit); false if it has none.</summary>
    public static bool SkipDigits(ref ReadOnlySpan<char> text)
    {
        int digits = 0;
        while (digits < text.Length && char.IsDigit(text[digits]))
        {
            digits++;
        }
        text = text[digits..];
        return digits > 0;
    }
}
