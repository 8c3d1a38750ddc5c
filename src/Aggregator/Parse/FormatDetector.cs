namespace Aggregator.Parse;

/// <summary>
/// Chooses a reader from content, never from Content-Type (gofeed's detector): skip a BOM and
/// whitespace, "{" means JSON Feed, "&lt;" means XML or HTML decided by the root element.
/// </summary>
public static class FormatDetector
{
    public static Detection Detect(string text) => Detect(text, out _);

    /// <summary>
    /// As <see cref="Detect(string)"/> on the first part of a longer text, for the feed formats only, which the
    /// root element's name decides alone: null when the part does not show that name whole (it may end inside
    /// the name, or inside a character), or shows something else.
    /// </summary>
    public static DetectedFormat? DetectFeedFromHead(ReadOnlySpan<char> head, bool isWhole)
    {
        // A decoder may end the part with U+FFFD for a character cut in two: the name must end before that.
        const int Margin = 4;
        var detection = Detect(head, out var nameEnd);
        var nameIsWhole = isWhole || nameEnd + Margin < head.Length;
        return nameIsWhole && detection.Format is DetectedFormat.Rss or DetectedFormat.Rdf or DetectedFormat.Atom ? detection.Format : null;
    }

    private static Detection Detect(ReadOnlySpan<char> text, out int nameEnd)
    {
        nameEnd = 0;
        var i = SkipSpace(text, 0);
        if (i >= text.Length)
        {
            return new Detection(DetectedFormat.Unknown, null);
        }

        if (text[i] == '{')
        {
            return new Detection(DetectedFormat.JsonFeed, null);
        }

        if (text[i] != '<')
        {
            return new Detection(DetectedFormat.Unknown, null);
        }

        // Skip the prolog: declaration, processing instructions, comments, DOCTYPE.
        while (i < text.Length && text[i] == '<')
        {
            if (At(text, i, "<?"))
            {
                i = After(text, i, "?>");
            }
            else if (At(text, i, "<!--"))
            {
                i = After(text, i, "-->");
            }
            else if (At(text, i, "<!DOCTYPE"))
            {
                // An HTML DOCTYPE copied onto a feed does not make it a page: the root element decides.
                i = AfterDoctype(text, i);
            }
            else if (At(text, i, "<!"))
            {
                // A comment or declaration broken by a typo ("<!-<-"): a lenient reader reads past it to the root.
                i = After(text, i, At(text, i, "<!-") ? "-->" : ">");
            }
            else if (i + 1 < text.Length && !(char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                // A stray "<" before the root ("<<rss"), which the repair escapes as text.
                i++;
            }
            else
            {
                break;
            }

            i = SkipSpace(text, i);
        }

        if (i >= text.Length || text[i] != '<')
        {
            return new Detection(DetectedFormat.Unknown, null);
        }

        var root = ReadName(text, i + 1);
        nameEnd = i + 1 + root.Length;
        var local = root[(root.LastIndexOf(':') + 1)..].ToUpperInvariant();
        var format = local switch
        {
            // A bare <channel> is how some Userland-era and CDF documents start.
            "RSS" or "CHANNEL" => DetectedFormat.Rss,
            "RDF" => DetectedFormat.Rdf,
            "FEED" => DetectedFormat.Atom,
            "HTML" or "HEAD" or "BODY" or "META" or "TITLE" or "LINK" or "SCRIPT" or "DIV" => DetectedFormat.Html,
            "" => DetectedFormat.Unknown,
            _ => text.Contains("<html", StringComparison.OrdinalIgnoreCase) ? DetectedFormat.Html : DetectedFormat.OtherXml,
        };
        return new Detection(format, root);
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF' || text[i] == '\0'))
        {
            i++;
        }

        return i;
    }

    private static bool At(ReadOnlySpan<char> text, int i, string value) => text[i..].StartsWith(value, StringComparison.OrdinalIgnoreCase);

    private static int After(ReadOnlySpan<char> text, int i, string terminator)
    {
        var end = text[i..].IndexOf(terminator, StringComparison.Ordinal);
        return end < 0 ? text.Length : i + end + terminator.Length;
    }

    private static int AfterDoctype(ReadOnlySpan<char> text, int i)
    {
        var depth = 0;
        for (var j = i; j < text.Length; j++)
        {
            depth += text[j] == '[' ? 1 : text[j] == ']' ? -1 : 0;
            if (text[j] == '>' && depth <= 0)
            {
                return j + 1;
            }
        }

        return text.Length;
    }

    private static string ReadName(ReadOnlySpan<char> text, int i)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is ':' or '_' or '-' or '.'))
        {
            i++;
        }

        return new string(text[start..i]);
    }
}
