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
}
