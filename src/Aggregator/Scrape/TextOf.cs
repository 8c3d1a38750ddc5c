using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>Text as a reader sees it: whitespace runs collapsed to one space, trimmed.</summary>
internal static class TextOf
{
    public static string Element(IElement element) => Collapse(element.TextContent);

    public static string Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Detection collapses the text of every candidate item, so this is a hot loop: one pass, no per-char calls on ASCII.
        var buffer = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            var blank = c <= ' ' || (c >= '\u007F' && (c <= '\u00A0' || char.IsWhiteSpace(c)));
            if (blank)
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            buffer[length++] = c;
        }

        return length == text.Length ? text : new string(buffer[..length]);
    }

    public static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Words as a reader weighs them: runs between spaces, except that scripts written without spaces (Chinese,
    /// Japanese, Thai) carry about a word in every two characters, so a Japanese headline of twelve characters
    /// counts as the six words it says rather than as one.
    /// </summary>
    public static int WeighedWords(string text)
    {
        var count = 0;
        var unspaced = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsUnspacedScript(c))
            {
                unspaced++;
                inWord = false;
            }
            else if (char.IsWhiteSpace(c) || c is >= '\u3000' and <= '\u303F')
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count + ((unspaced + 1) / 2);
    }

    // Han, kana and Thai (CJK punctuation separates like a space); Korean separates its words with spaces and is counted as words.
    private static bool IsUnspacedScript(char c) =>
        c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\u0E00' and <= '\u0E7F');
}
