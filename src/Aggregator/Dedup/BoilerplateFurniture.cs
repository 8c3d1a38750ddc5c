using static Aggregator.Dedup.BoilerplateWords;
using Positions = Aggregator.Dedup.BoilerplateLinePositions;

namespace Aggregator.Dedup;

/// <summary>
/// Lines that are never the author's words. Each rule looks at a whole trimmed line; a line is furniture when any rule
/// accepts it. The rules were regular expressions, one alternation compiled into 18 KB of IL that the JIT optimized
/// again in every process (issue 23, bench/cpu-profile.md); written as the words each rule reads, in order, they are
/// plain code of a few hundred bytes each. The regular expressions remain in the tests, which hold these to them.
/// </summary>
internal static class BoilerplateFurniture
{
    /// <summary>Whether some rule takes <paramref name="line"/> for furniture. The line holds no line break.</summary>
    public static bool IsFurniture(ReadOnlySpan<char> line) =>
        IsShareLine(line) || IsPhotoCreditLine(line) || IsPhotoByLine(line) || IsEditorsNoteLine(line) || IsChromeLine(line)
        || IsRelatedLine(line) || IsFollowLine(line) || IsSourceLine(line) || IsOriginallyPublishedLine(line);

    /// <summary>Share widgets flattened to text: "Share this: Facebook | Twitter | Email", "Tweet Pin it WhatsApp".</summary>
    public static bool IsShareLine(ReadOnlySpan<char> line)
    {
        // The line is share words, each followed by any run of separators, and nothing else; no word begins with a
        // separator, so after a word its whole run of separators is skipped. Where the next word may begin:
        Span<bool> wordStart = stackalloc bool[line.Length + 1];
        wordStart[0] = true;
        int furthest = 0;
        for (int at = 0; at <= furthest && at < line.Length; at++)
        {
            if (!wordStart[at])
            {
                continue;
            }
            foreach (int end in ShareWord(line, at))
            {
                int next = end;
                while (next < line.Length && IsShareSeparator(line[next]))
                {
                    next++;
                }
                if (next == line.Length)
                {
                    return true;
                }
                wordStart[next] = true;
                furthest = Math.Max(furthest, next);
            }
        }
        return false;
    }

    private static bool IsShareSeparator(char c) => c is '|' or ',' or '·' or '•' or '/' or ':' or '-' || char.IsWhiteSpace(c);

    private static Positions ShareWord(ReadOnlySpan<char> line, int at)
    {
        var start = Positions.At(line, at);
        var share = start.Then("share");
        share = share.Or(share.Then(" this").Maybe(" article", " story", " post", " page")).Maybe(" on", " via");
        return share.Or(start.Then("tweet", "email", "e-mail", "print", "pin", "pin it", "facebook", "twitter", "whatsapp", "telegram",
            "linkedin", "reddit", "flipboard", "mastodon", "bluesky", "copy link", "x"));
    }

    /// <summary>Photo and image credits or captions marked as such: "Photo: Reuters", "Image credit: teleSUR".</summary>
    public static bool IsPhotoCreditLine(ReadOnlySpan<char> line)
    {
        var start = Positions.At(line).MaybeOpeningBracket();
        var label = start.Maybe("featured ", "top ", "header ", "cover ", "lead ")
            .Then("photo", "photograph", "image", "picture", "illustration", "video", "graphic")
            .Maybe("s")
            .Maybe(" credit", " credits", " by", " courtesy")
            .Or(start.Then("credit", "credits", "courtesy"));
        foreach (int end in label)
        {
            if (IsLabelledValue(line[end..], "|:", 200))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"Photo by X on Unsplash" and similar credit lines without a colon.</summary>
    public static bool IsPhotoByLine(ReadOnlySpan<char> line)
    {
        var label = Positions.At(line).MaybeOpeningBracket()
            .Then("photo", "image", "picture")
            .Maybe("s")
            .Then(" by ", " courtesy of ", " via ");
        foreach (int end in label)
        {
            if (line.Length - end is >= 1 and <= 120)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Editor's notes are added by the republisher, not present in the original: "Editor's note: …", "[Editors' Note - …".</summary>
    public static bool IsEditorsNoteLine(ReadOnlySpan<char> line)
    {
        var label = Positions.At(line).MaybeOpeningBracket().Then("editor").Maybe("'").Maybe("s").Maybe("'").Then(" note");
        foreach (int end in label)
        {
            ReadOnlySpan<char> rest = SkipSpace(line[end..]);
            if (rest.Length > 0 && rest[0] is ':' or '-')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Page chrome that scrapers and readability extractors pick up: "Skip to content", "Listen to this article 4:12", "3 min read".</summary>
    public static bool IsChromeLine(ReadOnlySpan<char> line)
    {
        var start = Positions.At(line);
        if (IsOneOf(line, "skip to content", "skip to main content", "jump to navigation", "jump to content", "advertisement",
            "advertisements", "sponsored"))
        {
            return true;
        }
        foreach (int end in start.Then("listen to ").Maybe("this ").Then("article", "story"))
        {
            if (end == line.Length || IsPlayerLength(line[end..]))
            {
                return true;
            }
        }
        foreach (int end in start.Maybe("estimated ").Then("reading time"))
        {
            // "Reading time: 4 min", "Estimated reading time 12 minutes".
            ReadOnlySpan<char> rest = SkipSpace(line[end..]);
            rest = SkipSpace(rest.StartsWith(':') ? rest[1..] : rest);
            if (SkipDigits(ref rest) && IsOneOf(SkipSpace(rest), "min", "mins", "minute", "minutes"))
            {
                return true;
            }
        }
        // "3 min read", "12 minutes read".
        ReadOnlySpan<char> count = line;
        if (SkipDigits(ref count))
        {
            count = SkipSpace(count);
            foreach (int end in Positions.At(count).Then("min", "mins", "minute", "minutes"))
            {
                if (IsOneOf(count[end..], " read"))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>An audio player's length after "Listen to this article": white space, digits and colons, maybe "min" or "minutes".</summary>
    private static bool IsPlayerLength(ReadOnlySpan<char> rest)
    {
        rest = SkipSpace(rest);
        int length = 0;
        while (length < rest.Length && (char.IsDigit(rest[length]) || rest[length] == ':'))
        {
            length++;
        }
        if (length == 0)
        {
            return false;
        }
        rest = rest[length..];
        return rest.IsEmpty || IsOneOf(SkipSpace(rest), "min", "minute", "minutes");
    }

    /// <summary>"Related: …", "Read also: …", "Read more: …" link lines inserted between paragraphs.</summary>
    public static bool IsRelatedLine(ReadOnlySpan<char> line)
    {
        var start = Positions.At(line);
        var label = start.Then("related").Maybe(" article", " articles", " stories", " post", " posts", " reading")
            .Or(start.Then("more on this").Maybe(" story", " topic"))
            .Or(start.Then("read also", "also read", "see also", "read more", "recommended", "you may also like"));
        foreach (int end in label)
        {
            if (IsLabelledValue(line[end..], ":>»-", 250))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Newsletter and social-follow prompts: "Follow us on Telegram", "Sign up for our daily newsletter".</summary>
    public static bool IsFollowLine(ReadOnlySpan<char> line)
    {
        var start = Positions.At(line);
        foreach (int end in start.Then("follow us on ", "subscribe to our ", "subscribe to the "))
        {
            if (line.Length - end is >= 1 and <= 100)
            {
                return true;
            }
        }
        foreach (int end in start.Then("sign up for ", "sign up to ").Then("our ", "the "))
        {
            // "newsletter" somewhere in the rest, with at most 60 characters before it and 60 after.
            ReadOnlySpan<char> rest = line[end..];
            for (int at = 0; at <= 60 && at + "newsletter".Length <= rest.Length; at++)
            {
                if (rest.Length - at - "newsletter".Length <= 60 && StartsWith(rest[at..], "newsletter"))
                {
                    return true;
                }
            }
        }
        foreach (int end in start.Then("join us on ", "join our ").Then("telegram", "whatsapp", "newsletter", "mailing list"))
        {
            if (line.Length - end <= 100)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"(Source: teleSUR)" as its own line.</summary>
    public static bool IsSourceLine(ReadOnlySpan<char> line)
    {
        foreach (int end in Positions.At(line).MaybeOpeningBracket().Then("source"))
        {
            ReadOnlySpan<char> rest = SkipSpace(line[end..]);
            if (!rest.StartsWith(':'))
            {
                continue;
            }
            rest = rest[1..];
            // The name is 1-120 characters; the white space after the colon may count as part of it; a closing
            // bracket and a full stop may end the line outside it.
            int space = rest.Length - SkipSpace(rest).Length;
            foreach (string ending in (ReadOnlySpan<string>)["", ".", ")", "]", ").", "]."])
            {
                int name = rest.Length - ending.Length;
                if (rest.EndsWith(ending) && name >= 1 && name - space <= 120)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>"This article was originally published on …" / "Republished from …" as its own line.</summary>
    public static bool IsOriginallyPublishedLine(ReadOnlySpan<char> line)
    {
        var start = Positions.At(line).MaybeOpeningBracket();
        var label = start.Then("this ").Then("article", "story", "piece", "post", "report", "interview", "essay").Then(" ")
            .Maybe("was ", "is ", "has been ")
            .Maybe("originally ", "first ")
            .Then("published", "posted", "appeared", "republished")
            .Or(start.Then("originally ").Then("published", "posted", "appeared"))
            .Or(start.Then("first ").Then("published", "appeared"))
            .Or(start.Then("republished ").Then("from", "with permission"));
        foreach (int end in label)
        {
            if (line.Length - end <= 300)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// What follows a label: white space, one of <paramref name="marks"/> (the colon of "Photo: Reuters"), and at most
    /// <paramref name="longest"/> characters more once the white space after the mark is left out.
    /// </summary>
    private static bool IsLabelledValue(ReadOnlySpan<char> rest, string marks, int longest)
    {
        rest = SkipSpace(rest);
        return rest.Length > 0 && marks.Contains(rest[0], StringComparison.Ordinal) && SkipSpace(rest[1..]).Length <= longest;
    }
}
