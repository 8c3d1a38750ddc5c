using Aggregator.Normalize;
using Aggregator.Parse;
using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Dedup;

/// <summary>
/// Removes what syndication adds around an article's text (feed footers, teaser endings, credits,
/// share prompts) so that two copies compare on the words the author wrote. Every rule is here, with
/// the reason it exists; a rule is anchored (a whole line, or the very start or end of the text) so a
/// sentence that merely mentions "read more" in the middle of an article is left alone.
/// Input is plain text with one paragraph per line (see <see cref="TagStripper"/>).
/// </summary>
public static partial class Boilerplate
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Endings are matched right to left: anchored at the end, a match (or its failure) costs the
    // length of the tail, not a scan of the whole article from every starting position.
    private const RegexOptions TailOptions = Options | RegexOptions.RightToLeft;

    // Lines that are never the author's words; each rule is matched against a whole trimmed line. They are
    // matched as one alternation (FurnitureLine): one pass per line instead of nine, the generated matcher
    // picking the branches by the line's first letter (issue 23); a line is furniture when any rule matches it.
    // Share widgets flattened to text: "Share this: Facebook | Twitter | Email".
    internal const string ShareLinePattern = @"^(?:(?:share(?: this(?: article| story| post| page)?)?(?: on| via)?|tweet|e-?mail|print|pin(?: it)?|facebook|twitter|whatsapp|telegram|linkedin|reddit|flipboard|mastodon|bluesky|copy link|x)[\s|,·•/:\-]*)+$";

    // Photo and image credits or captions marked as such: "Photo: Reuters", "Image credit: teleSUR".
    internal const string PhotoCreditLinePattern = @"^[(\[]?(?:(?:featured |top |header |cover |lead )?(?:photo|photograph|image|picture|illustration|video|graphic)s?(?: credits?| by| courtesy)?|credits?|courtesy)\s*[:|]\s*.{0,200}$";

    // "Photo by X on Unsplash" and similar credit lines without a colon.
    internal const string PhotoByLinePattern = @"^[(\[]?(?:photo|image|picture)s? (?:by|courtesy of|via) .{1,120}$";

    // Editor's notes are added by the republisher, not present in the original.
    internal const string EditorsNoteLinePattern = @"^[(\[]?editor'?s'? note\s*[:\-].*$";

    // Page chrome that scrapers and readability extractors pick up.
    internal const string ChromeLinePattern = @"^(?:skip to (?:main )?content|jump to (?:navigation|content)|listen to (?:this )?(?:article|story)(?:\s*[\d:]+(?:\s*min(?:utes?)?)?)?|(?:estimated )?reading time\s*:?\s*\d+\s*min(?:ute)?s?|\d+\s*min(?:ute)?s? read|advertisement|advertisements|sponsored)$";

    // "Related: …", "Read also: …", "Read more: …" link lines inserted between paragraphs.
    internal const string RelatedLinePattern = @"^(?:related(?: articles?| stories| posts?| reading)?|read also|also read|see also|read more|more on this(?: story| topic)?|recommended|you may also like)\s*[:>»\-]\s*.{0,250}$";

    // Newsletter and social-follow prompts.
    internal const string FollowLinePattern = @"^(?:follow us on .{1,100}|subscribe to (?:our|the) .{1,100}|sign up (?:for|to) (?:our|the) .{0,60}newsletter.{0,60}|join (?:us on|our) (?:telegram|whatsapp|newsletter|mailing list).{0,100})$";

    // "(Source: teleSUR)" as its own line.
    internal const string SourceLinePattern = @"^[(\[]?source\s*:\s*[^\n]{1,120}?[)\]]?\.?$";

    // "This article was originally published on …" / "Republished from …" as its own line.
    internal const string OriginallyPublishedLinePattern = @"^[(\[]?(?:this (?:article|story|piece|post|report|interview|essay) (?:was |is |has been )?(?:originally |first )?(?:published|posted|appeared|republished)|originally (?:published|posted|appeared)|first (?:published|appeared)|republished (?:from|with permission)).{0,300}$";

    /// <summary>The nine rules one by one: what <see cref="FurnitureLine"/> must agree with.</summary>
    internal static readonly string[] FurniturePatterns =
    [
        ShareLinePattern, PhotoCreditLinePattern, PhotoByLinePattern, EditorsNoteLinePattern, ChromeLinePattern, RelatedLinePattern, FollowLinePattern, SourceLinePattern, OriginallyPublishedLinePattern,
    ];

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
            // Only an editor's note runs longer than the other rules allow; skip the regexes for paragraphs.
            return line.TrimStart("[(").StartsWith("editor", StringComparison.OrdinalIgnoreCase) && EditorsNoteLine().IsMatch(line);
        }
        return FurnitureLine().IsMatch(line);
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

    [GeneratedRegex(EditorsNoteLinePattern, Options)]
    private static partial Regex EditorsNoteLine();

    [GeneratedRegex("(?:" + ShareLinePattern + ")|(?:" + PhotoCreditLinePattern + ")|(?:" + PhotoByLinePattern + ")|(?:" + EditorsNoteLinePattern
        + ")|(?:" + ChromeLinePattern + ")|(?:" + RelatedLinePattern + ")|(?:" + FollowLinePattern + ")|(?:" + SourceLinePattern
        + ")|(?:" + OriginallyPublishedLinePattern + ")", Options)]
    private static partial Regex FurnitureLine();

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
