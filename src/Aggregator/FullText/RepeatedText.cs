using System.Text;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A pull quote: a quotation block or call-out (blockquote, aside, figure, or a "pullquote"/"highlight" class) whose
/// words the article's own paragraphs also have. The reader needs them once, in the paragraph they were lifted from.
/// Only such blocks are judged: plain paragraphs that repeat each other (filler text, a list printed twice by the
/// template) are left to the other rules.
/// </summary>
internal static class RepeatedText
{
    /// <summary>Shorter lines repeat by chance ("Advertisement", a name); they are judged by the line rules.</summary>
    private const int MinLength = 40;

    /// <summary>A pull quote is a sentence or two; a longer block is the article's own paragraph.</summary>
    private const int MaxLength = 400;

    public static void Remove(IElement article, BoilerplateTally? tally = null)
    {
        var blocks = Dom.DescendantElements(article)
            .Where(e => !Dom.IsPhrasingContent(e) && e.Children.All(Dom.IsPhrasingContent) && !Dom.HasAncestorTag(e, "pre", -1) && !Dom.Is(e, "pre"))
            .ToList();
        var keys = blocks.Select(b => Key(Dom.InnerText(b))).ToList();
        var callout = blocks.Select(IsCallout).ToArray();
        // The article's own text, one block per line: a key holds no line break, so a match lies within one block, and
        // one search per call-out answers whether a block outside the call-outs has its words (found call-outs are not
        // walked past one by one, which a page of many identical quotes would make quadratic).
        var own = new StringBuilder();
        for (var i = 0; i < keys.Count; i++)
        {
            if (!callout[i])
            {
                own.Append(keys[i]).Append('\n');
            }
        }

        var ownText = own.ToString();
        for (var i = 0; i < blocks.Count; i++)
        {
            var key = keys[i];
            if (key.Length is < MinLength or > MaxLength || !callout[i])
            {
                continue;
            }

            if (ownText.Contains(key, StringComparison.Ordinal))
            {
                tally?.Add(BoilerplateKind.RepeatedText, Dom.InnerText(blocks[i]));
                blocks[i].Remove();
            }
        }
    }

    /// <summary>Lower-case letters and digits, one space between words: quotes and dashes a pull quote adds do not count.</summary>
    private static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    private static bool IsCallout(IElement block)
    {
        for (var e = block; e is not null; e = e.ParentElement)
        {
            if (Dom.Is(e, "blockquote") || Dom.Is(e, "aside") || Dom.Is(e, "figure") || Dom.Is(e, "article") || Dom.Is(e, "body"))
            {
                return !Dom.Is(e, "article") && !Dom.Is(e, "body");
            }

            var names = (e.ClassName + " " + e.Id).ToLowerInvariant();
            if (names.Contains("pullquote", StringComparison.Ordinal) || names.Contains("pull-quote", StringComparison.Ordinal)
                || names.Contains("callout", StringComparison.Ordinal) || names.Contains("highlight", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
