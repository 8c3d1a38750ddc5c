using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A second, independent view of the page, taken before Readability's scoring changes it: the whole body cut into
/// text blocks at every block-level element and <c>&lt;br&gt;</c> (jusText's segmentation), each with the share of its
/// text that sits inside links. A block whose two neighbours on each side are all mostly link text lies in a menu,
/// a teaser list or a link cloud. When such a block's text also ends up in the extracted article, above its first
/// paragraph of prose or below its last, the two views disagree about it and the page's own layout settles it:
/// it is the menu's. Inside the story it stays (a subheading between two linked paragraphs is the story's), and so
/// does any line long enough to be prose.
/// </summary>
internal sealed partial class LinkRegions
{
    /// <summary>Above this share of link text a block is a link (jusText's own cut is lower; a linked sentence in prose is not a menu).</summary>
    private const double LinkShare = 0.6;

    /// <summary>Neighbours looked at on each side: one linked neighbour is a paragraph with a link beside it, two on each side a list.</summary>
    private const int Reach = 2;

    /// <summary>Shortest block that counts as prose: a sentence, not a label.</summary>
    private const int MinProse = 80;

    private static readonly LinkRegions Empty = new([]);

    /// <summary>Each block text of the page, and whether every block with that text lies in a link region.</summary>
    private readonly Dictionary<string, bool> inRegion;

    private LinkRegions(Dictionary<string, bool> inRegion) => this.inRegion = inRegion;

    [GeneratedRegex(@"[.!?…:]['""”’»)]?$")]
    private static partial Regex SentenceEnd();

    /// <summary>Reads the page's blocks; call on the prepared document before any pass of the grabber changes it.</summary>
    public static LinkRegions Of(IDocument doc)
    {
        if (doc.Body is not { } body)
        {
            return Empty;
        }

        var blocks = new List<(string Text, bool Linked)>();
        var text = new StringBuilder();
        var linkChars = 0;
        var stack = new Stack<(INode Node, int Index, bool InLink)>();
        stack.Push((body, 0, false));
        while (stack.Count > 0)
        {
            var (node, index, inLink) = stack.Pop();
            if (index >= node.ChildNodes.Length)
            {
                if (node is IElement closed && !Dom.IsPhrasingContent(closed))
                {
                    Flush(blocks, text, ref linkChars);
                }

                continue;
            }

            stack.Push((node, index + 1, inLink));
            var child = node.ChildNodes[index];
            if (child is IText t)
            {
                text.Append(t.Data);
                if (inLink)
                {
                    linkChars += t.Data.AsSpan().Trim().Length;
                }
            }
            else if (child is IElement e)
            {
                if (!Dom.IsPhrasingContent(e) || Dom.Is(e, "br"))
                {
                    Flush(blocks, text, ref linkChars);
                }

                stack.Push((e, 0, inLink || Dom.Is(e, "a")));
            }
        }

        Flush(blocks, text, ref linkChars);
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < blocks.Count; i++)
        {
            var region = true;
            var neighbours = 0;
            for (var j = Math.Max(0, i - Reach); j <= Math.Min(blocks.Count - 1, i + Reach); j++)
            {
                if (j != i)
                {
                    neighbours++;
                    region &= blocks[j].Linked;
                }
            }

            region &= neighbours > 0;
            result[blocks[i].Text] = region && result.GetValueOrDefault(blocks[i].Text, true);
        }

        return new LinkRegions(result);
    }

    /// <summary>Removes, above the article's first paragraph of prose and below its last, the short blocks the page sets in a link region.</summary>
    public void Remove(IElement article, BoilerplateTally? tally)
    {
        if (inRegion.Count == 0)
        {
            return;
        }

        var blocks = BoilerplateFilter.LeafBlocks(article);
        var texts = blocks.Select(b => Dom.InnerText(b)).ToList();
        var first = texts.FindIndex(IsProse);
        if (first < 0)
        {
            // Without a paragraph of prose there is no story to find the edges of: a page of short lines stays whole.
            return;
        }

        var last = texts.FindLastIndex(IsProse);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (i >= first && i <= last)
            {
                continue;
            }

            if (texts[i].Length is > 0 and < MinProse && inRegion.GetValueOrDefault(texts[i]))
            {
                tally?.Add(BoilerplateKind.LinkRegion, texts[i]);
                blocks[i].Remove();
            }
        }
    }

    private static bool IsProse(string text) => text.Length >= MinProse && SentenceEnd().IsMatch(text);

    private static void Flush(List<(string Text, bool Linked)> blocks, StringBuilder text, ref int linkChars)
    {
        var normalized = ReadabilityPatterns.Normalize().Replace(text.ToString(), " ").Trim();
        if (normalized.Length > 0)
        {
            blocks.Add((normalized, linkChars > LinkShare * normalized.Length));
        }

        text.Clear();
        linkChars = 0;
    }
}
