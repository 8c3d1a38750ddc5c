using Aggregator.Normalize;
using Aggregator.Parse;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Dedup;

/// <summary>
/// Removes what syndication adds around an article's text (feed footers, teaser endings, credits,
/// share prompts) so that two copies compare on the words the author wrote. Every rule is here or, for
/// lines that are furniture as a whole, in <see cref="BoilerplateFurniture"/>, with the reason it exists; a rule is anchored (a whole line, or the very start or end of the text) so a
/// sentence that merely mentions "read more" in the middle of an article is left alone.
/// Input is plain text with one paragraph per line (see <see cref="TagStripper"/>).
/// </summary>
public static partial class Boilerplate
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Endings are matched right to left: anchored at the end, a match (or its failure) costs the
    // length of the tail, not a scan of the whole article from every starting position.
    private const RegexOptions TailOptions = Options | RegexOptions.RightToLeft;

    /// <summary>
    /// Endings removed repeatedly from the end of the text, since they stack ("… […] The post … appeared
    /// first on …"). Each has a keyword that must occur near the end before its regex runs: most
    /// texts have no tail, and the check is a span search instead of a regex over the article.
    /// </summary>
    private static readonly (string Keyword, Regex Rule)[] Tails =
    [
        // WordPress's RSS footer: "The post <title> appeared first on <site>."
        ("appeared first on", WordPressFooter()),
        // "Continue reading →", "Continue reading <title> at <site> »", "Keep reading…".
        (" reading", ContinueReadingArrow()),
        // A bare "Continue reading." at the very end.
        (" reading", ContinueReadingBare()),
        // "Read more", "Read the full article", "Read the rest of this entry »".
        ("read more", ReadMore()),
        ("read the ", ReadMore()),
        ("read full", ReadMore()),
        // "This article was originally published on …" at the end of the last paragraph.
        ("published", OriginallyPublishedTail()),
        ("appeared", OriginallyPublishedTail()),
        ("posted", OriginallyPublishedTail()),
        // "(Source: teleSUR)" at the end of the last paragraph.
        ("source", SourceTail()),
    ];

    /// <summary>No tail rule matches more than this many characters, so only this much of the end is searched for keywords.</summary>
    private const int TailWindow = 600;

    /// <summary>Longest line the bounded furniture rules can match (credit lines allow 200 characters after their label).</summary>
    internal const int MaxFurnitureLine = 360;

    /// <summary>Beginnings removed from the start of the text.</summary>
    private static readonly Regex[] Heads =
    [
        // Skip links and audio players that extractors put before the text.
        ChromeHead(),
    ];

    /// <summary>Plain text without syndication furniture; paragraphs stay one per line.</summary>
    public static string Strip(string? plainText)
    {
        if (string.IsNullOrWhiteSpace(plainText))
        {
            return string.Empty;
        }
        var kept = ScratchBuilder.Rent(plainText.Length);
        var ascii = TextNormalizer.AsciiPunctuation(plainText);
        // Lines are looked at in place: a string per line was a copy of the article (issue 23).
        foreach (Range range in ascii.AsSpan().Split('\n'))
        {
            ReadOnlySpan<char> line = ascii.AsSpan(range).Trim();
            // Rules are written with single spaces; feeds double them and leave tabs.
            if (line.Contains("  ", StringComparison.Ordinal) || line.Contains('\t'))
            {
                line = SpaceRun().Replace(line.ToString(), " ");
            }
            if (line.Length == 0 || IsFurniture(line))
            {
                continue;
            }
            if (kept.Length > 0)
            {
                kept.Append('\n');
            }
            kept.Append(line);
        }
        string text = ScratchBuilder.ToStringAndReturn(kept);
        string before;
        do
        {
            before = text;
            foreach (Regex head in Heads)
            {
                text = head.Replace(text, string.Empty, 1).TrimStart();
            }
            foreach ((string keyword, Regex tail) in Tails)
            {
                int windowStart = Math.Max(0, text.Length - TailWindow);
                if (text.AsSpan(windowStart).Contains(keyword, StringComparison.OrdinalIgnoreCase))
                {
                    // Only the window is matched: no rule spans more than TailWindow characters, so a
                    // match cannot begin at the window's edge, and the regex never walks the article. It is matched
                    // in place: a copy of the window was made for every article whose end holds a keyword, i.e. every
                    // WordPress item, footer stripped or not (issue 23). The first match is the one Replace(…, 1) removed.
                    foreach (ValueMatch match in tail.EnumerateMatches(text.AsSpan(windowStart)))
                    {
                        int at = windowStart + match.Index;
                        text = string.Concat(text.AsSpan(0, at), text.AsSpan(at + match.Length)).TrimEnd();
                        break;
                    }
                }
            }
            text = StripTrailingEllipsis(text);
        }
        while (!string.Equals(before, text, StringComparison.Ordinal));
        return text;
    }

    internal static bool IsFurniture(ReadOnlySpan<char> line)
    {
        if (line.Length > MaxFurnitureLine)
        {
            // Only an editor's note runs longer than the other rules allow; paragraphs meet only that rule.
            return BoilerplateFurniture.IsEditorsNoteLine(line);
        }
        return BoilerplateFurniture.IsFurniture(line);
    }

    /// <summary>
    /// A teaser cut by the source ends in "…", "...", "[…]" or "[...]". When the cut fell inside a
    /// word ("the gover…") the partial word is dropped too, so it cannot spoil the last shingle.
    /// </summary>
    private static string StripTrailingEllipsis(string text)
    {
        if (text.Length == 0 || text[^1] is not ('…' or '.' or ']' or ')' or ';'))
        {
            return text;
        }
        Match m = Ellipsis().Match(text);
        if (!m.Success)
        {
            return text;
        }
        string rest = text[..m.Index];
        bool cutInsideWord = m.Index > 0 && char.IsLetterOrDigit(text[m.Index - 1])
            && m.Value[0] is not ('[' or '(') && !char.IsWhiteSpace(m.Value[0]);
        if (cutInsideWord)
        {
            int space = rest.LastIndexOfAny([' ', '\n']);
            rest = space < 0 ? string.Empty : rest[..space];
        }
        return rest.TrimEnd();
    }

    [GeneratedRegex(@"[ \t]{2,}|\t")]
    private static partial Regex SpaceRun();

    [GeneratedRegex(@"\s*\bthe post .{1,300}? appeared first on .{1,150}?\s*$", TailOptions)]
    private static partial Regex WordPressFooter();

    [GeneratedRegex(@"\s*\b(?:continue|keep) reading\b.{0,150}?(?:→|->|»|>>|\.\.\.|…)\s*$", TailOptions)]
    private static partial Regex ContinueReadingArrow();

    [GeneratedRegex(@"(?:^|(?<=[.!?""')\]…]\s*))\s*(?:continue|keep) reading\.?\s*$", TailOptions)]
    private static partial Regex ContinueReadingBare();

    [GeneratedRegex(@"(?:^|(?<=[.!?""')\]…]\s*))\s*(?:read more|read the full (?:article|story|post|piece|report|interview|text)|read the rest(?: of (?:this|the) (?:entry|article|story|post))?|read full (?:article|story)|click here to read more)(?:\s*(?:→|->|»|>>|\.\.\.|…|:|at|on|here)[^\n]{0,120})?\s*$", TailOptions)]
    private static partial Regex ReadMore();

    [GeneratedRegex(@"(?:^|(?<=[.!?""')\]]\s*))\s*(?:this (?:article|story|piece|post|report|interview|essay) (?:was |is |has been )?(?:originally |first )?(?:published|posted|appeared|republished)|originally (?:published|posted|appeared)|first (?:published|appeared)|republished (?:from|with permission))\b[^\n]{0,300}$", TailOptions)]
    private static partial Regex OriginallyPublishedTail();

    [GeneratedRegex(@"\s*\(\s*source\s*:\s*[^()\n]{1,120}\)\.?\s*$", TailOptions)]
    private static partial Regex SourceTail();

    [GeneratedRegex(@"^\s*(?:skip to (?:main )?content|listen to (?:this )?(?:article|story)(?:\s*[\d:]+)?)\s*", Options)]
    private static partial Regex ChromeHead();

    [GeneratedRegex(@"\s*(?:\[\s*(?:…|\.\.\.|&hellip;)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.{3,})\s*$", TailOptions)]
    private static partial Regex Ellipsis();
}
