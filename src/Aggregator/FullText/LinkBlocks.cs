using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Links that are not the article: "Read also: …" lines, a heading over a list of other stories, the run of
/// link lists after the last paragraph, and embeds (a tweet, a video) that the page left as a bare URL.
/// </summary>
internal static partial class LinkBlocks
{
    /// <summary>Link text over all text above which a block is a list of links rather than prose.</summary>
    public const double LinkDense = 0.5;

    /// <summary>Longest label a link line or a link list's heading carries ("Related coverage", "À lire aussi :").</summary>
    private const int MaxLabel = 50;

    /// <summary>Longest heading taken as the last block of the article: a heading, not a paragraph set in heading markup.</summary>
    private const int MaxHeading = 100;

    [GeneratedRegex(@"^(https?://|www\.|pic\.twitter\.com/)\S+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"[.!?…]$|[.!?]\s+\p{L}")]
    private static partial Regex Sentence();

    private static readonly HashSet<string> Headings = new(StringComparer.Ordinal) { "H2", "H3", "H4", "H5", "H6" };

    /// <summary>
    /// A block that is only a URL nobody linked: an embed (a tweet, a video) whose script never ran. A URL the author
    /// linked is a reference and stays, unless it is a social or video post's address: that is the embed's fallback.
    /// </summary>
    public static bool IsBareUrl(IElement block, string text) =>
        BareUrl().IsMatch(text) && (Dom.ByTag(block, "a").Count == 0 || EmbedHost().IsMatch(text));

    /// <summary>Where a link alone in its block, showing its own address, is a post or video the page meant to embed.</summary>
    [GeneratedRegex(@"^(https?://)?(www\.|m\.|mobile\.)?(twitter\.com|x\.com|pic\.twitter\.com|t\.co|youtube\.com|youtu\.be|instagram\.com|tiktok\.com|facebook\.com|fb\.watch|vimeo\.com|open\.spotify\.com|soundcloud\.com)/", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmbedHost();

    /// <summary>A line that is mostly one or more links after a short label of its own, set in bold or ending in a colon.</summary>
    public static bool IsLabelledLink(IElement block, string text)
    {
        if (text.Length == 0 || Dom.LinkDensity(block) < LinkDense || Dom.Is(block, "li"))
        {
            return false;
        }

        var label = LabelText(block).Trim();
        if (label.Length is 0 or > MaxLabel)
        {
            return false;
        }

        var emphasised = block.QuerySelectorAll("strong, b").Any(e => e.Closest("a") is null && Dom.InnerText(e).Length > 0);
        return emphasised || label.EndsWith(':') || label.EndsWith('»') || label.EndsWith('>');
    }

    /// <summary>"More on this" over a list of stories: the heading and the links both go.</summary>
    public static void RemoveHeadedLinkLists(IElement article, BoilerplateTally? tally = null)
    {
        foreach (var heading in Dom.DescendantElements(article).Where(IsHeadingLike).ToList())
        {
            if (heading.ParentElement is null)
            {
                continue;
            }

            var next = heading.NextElementSibling;
            if (next is not null && !Dom.IsPhrasingContent(next) && Dom.InnerText(next).Length > 0 && Dom.LinkDensity(next) >= LinkDense
                && (IsItemList(next) || EndsSection(next.NextElementSibling)))
            {
                tally?.Add(BoilerplateKind.HeadedLinkList, Dom.InnerText(heading) + " " + Dom.InnerText(next));
                next.Remove();
                heading.Remove();
            }
        }
    }

    /// <summary>
    /// After the last paragraph of prose, blocks that are mostly links (more stories, tags, "next post"), short calls
    /// to subscribe, follow or share, and the short headings over them go; the walk stops at the first block of prose.
    /// </summary>
    public static void RemoveTrailingLinkBlocks(IElement article, BoilerplateTally? tally = null)
    {
        var budget = (int)(Dom.InnerText(article).Length * BoilerplateFilter.MaxShareOfArticle);
        while (LastBlock(article) is { } last)
        {
            var text = Dom.InnerText(last);

            // Before the link test: a "read more" link alone is links, but it also closes the teaser above it.
            if (PointerLines.IsReadMore(last, text))
            {
                foreach (var e in PointerLines.TeaserOf(last, budget))
                {
                    tally?.Add(BoilerplateKind.Teaser, Dom.InnerText(e));
                    e.Remove();
                }

                continue;
            }

            var isLinks = text.Length > 0 && Dom.LinkDensity(last) >= LinkDense && !BareUrl().IsMatch(text);
            var isLabel = IsHeadingLike(last);
            var isEmpty = text.Length == 0 && Dom.ByTag(last, "img", "picture", "video", "iframe", "svg").Count == 0;
            var isAsk = !isLinks && CallToAction.IsCallToAction(text);
            var isNotice = !isLinks && !isAsk && SiteNotices.IsNotice(text);

            // A heading with nothing after it heads a section the page had and the cleaning took, whatever it ends in.
            var isOrphanHeading = Headings.Contains(Dom.Tag(last)) && text.Length <= MaxHeading && Dom.LinkDensity(last) < LinkDense;
            var kind = isAsk ? BoilerplateKind.CallToAction
                : isNotice ? BoilerplateKind.SiteNotice
                : isLinks || isLabel || isEmpty || isOrphanHeading ? BoilerplateKind.TrailingLinks
                : IsDanglingLabel(text) ? BoilerplateKind.DanglingLabel
                : SupportCalls.IsSupportCall(text) ? BoilerplateKind.SupportCall
                : PageTools.IsPageTool(text) ? BoilerplateKind.PageTool
                : Disclosures.IsDisclosure(text) ? BoilerplateKind.Disclosure
                : PointerLines.IsPointer(last, text) ? BoilerplateKind.PointerLine
                : AuthorNotes.IsAuthorNote(last, text) ? BoilerplateKind.AuthorNote
                : null;
            if (kind is null)
            {
                return;
            }

            tally?.Add(kind, text);
            last.Remove();
        }
    }

    /// <summary>
    /// A short line that ends in a colon promises what follows it ("Ähnliche Neuigkeiten:", "Von:", "Diese Artikel könnten
    /// dich auch interessieren:"); as the article's last line nothing follows, so what it introduced was furniture the
    /// cleaning took or the page never had in the story, and the label alone tells the reader nothing.
    /// </summary>
    public static bool IsDanglingLabel(string text)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length is > 0 and <= MaxHeading && trimmed.EndsWith(':');
    }

    /// <summary>A heading in heading markup or a short label set wholly in bold.</summary>
    public static bool IsHeading(IElement e) => Headings.Contains(Dom.Tag(e)) || IsHeadingLike(e);

    private static IElement? LastBlock(IElement article)
    {
        var e = article;
        while (e.LastElementChild is { } child && !Dom.IsPhrasingContent(child) && child.Children.Length > 0
            && !child.Children.All(Dom.IsPhrasingContent))
        {
            e = child;
        }

        var last = e.LastElementChild;
        return last is null || last == article || Dom.Is(last, "table") || Dom.Is(last, "pre") || Dom.Is(last, "img") || Dom.Is(last, "figure") ? null : last;
    }

    /// <summary>
    /// Whether the links under a heading are all its section holds. A heading over a single link line followed by
    /// prose ("History", then "Main article: …", then paragraphs) is the article's own section heading.
    /// </summary>
    public static bool EndsSection(IElement? after) =>
        after is null || Headings.Contains(Dom.Tag(after)) || Dom.Is(after, "h1") || IsHeadingLike(after)
        || (Dom.InnerText(after).Length > 0 && Dom.LinkDensity(after) >= LinkDense);

    /// <summary>Separate items (list entries, paragraphs): a list of stories, not one "Main article: …" line.</summary>
    public static bool IsItemList(IElement e) =>
        Dom.ByTag(e, "li").Count >= 2 || e.Children.Count(c => !Dom.IsPhrasingContent(c)) >= 2;

    public static bool IsHeadingLike(IElement e)
    {
        var text = Dom.InnerText(e);
        if (text.Length is 0 or > MaxLabel || Sentence().IsMatch(text) || Dom.LinkDensity(e) > 0)
        {
            return false;
        }

        if (Headings.Contains(Dom.Tag(e)))
        {
            return true;
        }

        // A paragraph set wholly in bold is the same label without the heading markup.
        return Dom.Is(e, "p") && e.Children.Length == 1 && (Dom.Is(e.Children[0], "strong") || Dom.Is(e.Children[0], "b"))
            && Dom.InnerText(e.Children[0]).Length == text.Length;
    }

    private static string LabelText(IElement block)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var node in Dom.Descendants(block))
        {
            if (node.NodeType == NodeType.Text && node.ParentElement?.Closest("a") is null)
            {
                sb.Append(((IText)node).Data);
            }
        }

        return ReadabilityPatterns.Normalize().Replace(sb.ToString(), " ");
    }
}
