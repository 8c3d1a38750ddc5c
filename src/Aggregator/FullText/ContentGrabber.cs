using System.Globalization;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// One pass of Readability's grabArticle over a prepared document: prune unlikely nodes, score
/// paragraphs into their ancestors, pick the best container and its related siblings, then clean it.
/// </summary>
internal sealed class ContentGrabber(IDocument doc, string? articleTitle, GrabFlags flags, string? knownByline, IReadOnlyList<string>? descriptions = null, ExtractionTrace? trace = null)
{
    private const int TopCandidateCount = 5;
    private const int MinimumTopCandidates = 3;

    private static readonly HashSet<string> TagsToScore = new(StringComparer.Ordinal)
    {
        "SECTION", "H2", "H3", "H4", "H5", "H6", "P", "TD", "PRE",
    };

    private static readonly HashSet<string> UnlikelyRoles = new(StringComparer.Ordinal)
    {
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    };

    private static readonly HashSet<string> AlterToDivExceptions = new(StringComparer.Ordinal)
    {
        "DIV", "ARTICLE", "SECTION", "P", "OL", "UL",
    };

    private readonly Dictionary<IElement, double> scores = new(ReferenceEqualityComparer.Instance);

    /// <summary>The element that followed the heading removed as the title: where a lede outside the container starts.</summary>
    private IElement? afterTitle;

    /// <summary>The lede kept from a header that was pruned as unlikely while it held the title heading.</summary>
    private IElement? headerLede;

    public string? Byline { get; private set; } = knownByline;

    public IElement? Grab()
    {
        var body = doc.Body;
        if (body is null)
        {
            return null;
        }

        var elementsToScore = Prune(body);
        if (trace is not null)
        {
            trace.Pruned = TextRenderer.Render(body);
        }

        var candidates = ScoreParagraphs(elementsToScore);
        var topCandidate = PickTopCandidate(candidates, body);
        trace?.Candidates.Add("chosen " + Describe(topCandidate) + "; page prose " + ProseLength(body) + ", largest run " + LargestRun(body));
        var lede = Lede.Find(body, topCandidate, descriptions ?? []) ?? Lede.AfterTitle(afterTitle, topCandidate) ?? headerLede;
        // Looked for before the gathering moves the container out of the page: its place tells twins above it from those below.
        var twins = ContainerTwins.Find(body, topCandidate);
        var continuation = ContainerContinuation.Find(topCandidate);
        var article = GatherSiblings(topCandidate);
        ContainerTwins.Join(article, twins, lede);
        ContainerContinuation.Join(article, continuation);
        if (lede is not null)
        {
            Lede.Prepend(article, lede);
            if (trace is not null)
            {
                trace.Lede = Dom.InnerText(lede);
            }
        }

        if (trace is not null)
        {
            trace.Gathered = TextRenderer.Render(article);
        }

        new ContentCleaner(doc, flags, scores).Clean(article);
        if (trace is not null)
        {
            trace.Cleaned = TextRenderer.Render(article);
        }

        return article;
    }

    /// <summary>
    /// A wrapper named like furniture ("above-footer", "header-wrap") that holds the headline and most of the page's
    /// paragraphs is the page's layout, not a footer: stripping it would leave only the sidebars to score.
    /// </summary>
    private static bool HoldsTheStory(IElement node, int pageProse) =>
        pageProse > 0 && Dom.CountTag(node, "h1") > 0 && ProseLength(node) * 2 >= pageProse;

    private static int ProseLength(IElement root) => Dom.ByTag(root, "p").Sum(p => Dom.InnerText(p).Length);

    /// <summary>For the trace: a candidate's name, score, text, paragraph text and link density.</summary>
    private string Describe(IElement e) => string.Create(
        CultureInfo.InvariantCulture,
        $"{NameOf(e)} score {scores.GetValueOrDefault(e):0.0} text {Dom.InnerText(e).Length} prose {ProseLength(e)} links {Dom.LinkDensity(e):0.00}");

    private static string NameOf(IElement e) => Dom.Tag(e) + "." + (e.ClassName ?? string.Empty).Trim() + "#" + e.Id;

    /// <summary>For the trace: the most paragraph text any one element holds in its own children, against which a container that is too small shows.</summary>
    private static string LargestRun(IElement body)
    {
        var best = (Length: 0, Where: string.Empty);
        foreach (var e in Dom.DescendantElements(body))
        {
            var length = e.Children.Where(c => Dom.Is(c, "p") && Dom.LinkDensity(c) < 0.25).Sum(c => Dom.InnerText(c).Length);
            if (length > best.Length)
            {
                best = (length, NameOf(e));
            }
        }

        return best.Length + " in " + best.Where;
    }

    private List<IElement> Prune(IElement body)
    {
        var strip = flags.HasFlag(GrabFlags.StripUnlikelys);
        var shouldRemoveTitleHeader = true;
        var elementsToScore = new List<IElement>();
        var pageProse = strip ? ProseLength(body) : 0;
        IElement? node = doc.DocumentElement;

        while (node is not null)
        {
            var tag = Dom.Tag(node);
            var matchString = (node.ClassName ?? string.Empty) + " " + node.Id;

            if (!Dom.IsProbablyVisible(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (string.Equals(node.GetAttribute("aria-modal"), "true", StringComparison.Ordinal)
                && string.Equals(node.GetAttribute("role"), "dialog", StringComparison.Ordinal))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (CheckByline(node, matchString))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (shouldRemoveTitleHeader && HeaderDuplicatesTitle(node))
            {
                shouldRemoveTitleHeader = false;
                afterTitle = Dom.NextElement(node, skipChildren: true);
                node = Dom.RemoveAndGetNext(node);
                continue;
            }

            if (strip && node != body)
            {
                if (ReadabilityPatterns.UnlikelyCandidates().IsMatch(matchString)
                    && !ReadabilityPatterns.MaybeCandidate().IsMatch(matchString)
                    && !Dom.HasAncestorTag(node, "table")
                    && !Dom.HasAncestorTag(node, "code")
                    && tag is not ("BODY" or "A")
                    && !HoldsTheStory(node, pageProse))
                {
                    KeepHeaderLede(node);
                    node = RemoveAndGetNext(node);
                    continue;
                }

                if (node.GetAttribute("role") is { } role && UnlikelyRoles.Contains(role))
                {
                    node = RemoveAndGetNext(node);
                    continue;
                }
            }

            if (tag is "DIV" or "SECTION" or "HEADER" or "H1" or "H2" or "H3" or "H4" or "H5" or "H6"
                && Dom.IsElementWithoutContent(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (TagsToScore.Contains(tag))
            {
                elementsToScore.Add(node);
            }

            if (tag == "DIV")
            {
                WrapPhrasingContent(node);

                // A div holding just one paragraph is that paragraph; a div without block children is one.
                if (Dom.HasSingleTagInside(node, "P") && Dom.LinkDensity(node) < 0.25)
                {
                    var newNode = node.Children[0];
                    BoilerplateMarkup.CarryNames(node, newNode);
                    node.Parent!.ReplaceChild(newNode, node);
                    afterTitle = afterTitle == node ? newNode : afterTitle;
                    node = newNode;
                    elementsToScore.Add(node);
                }
                else if (!Dom.HasChildBlockElement(node))
                {
                    var renamed = Dom.SetTag(node, "p", scores);
                    afterTitle = afterTitle == node ? renamed : afterTitle;
                    node = renamed;
                    elementsToScore.Add(node);
                }
            }

            node = Dom.NextElement(node);
        }

        return elementsToScore;
    }

    private void WrapPhrasingContent(IElement div)
    {
        IElement? p = null;
        var child = div.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            if (Dom.IsPhrasingContent(child))
            {
                if (p is not null)
                {
                    p.AppendChild(child);
                }
                else if (!Dom.IsWhitespace(child))
                {
                    p = doc.CreateElement("p");
                    div.ReplaceChild(p, child);
                    p.AppendChild(child);
                }
            }
            else if (p is not null)
            {
                while (p.LastChild is { } last && Dom.IsWhitespace(last))
                {
                    last.RemoveFromParent();
                }

                p = null;
            }

            child = next;
        }
    }

    private bool CheckByline(IElement node, string matchString)
    {
        var rel = node.GetAttribute("rel");
        var itemprop = node.GetAttribute("itemprop");
        var isByline = string.Equals(rel, "author", StringComparison.Ordinal)
            || (itemprop is not null && itemprop.Contains("author", StringComparison.Ordinal))
            || ReadabilityPatterns.Byline().IsMatch(matchString);
        if (!isByline)
        {
            return false;
        }

        var text = Dom.RawText(node).Trim();
        if (text.Length is 0 or >= 100)
        {
            return false;
        }

        if (Byline is not null)
        {
            // A retry pass still drops the byline the first pass found, so it does not leak into the text.
            return string.Equals(ReadabilityPatterns.Normalize().Replace(text, " "), Byline, StringComparison.Ordinal);
        }

        // Prefer the name itself over "By Jane Doe, Staff Writer" when it is marked up.
        var name = node.QuerySelector("[itemprop*=name]");
        var nameText = name is null ? null : Dom.RawText(name).Trim();
        Byline = string.IsNullOrEmpty(nameText) ? text : nameText;
        Byline = ReadabilityPatterns.Normalize().Replace(Byline, " ");
        return true;
    }

    /// <summary>
    /// As <see cref="Dom.RemoveAndGetNext"/>; a byline or share bar pruned right after the title moves the lede's
    /// starting point on to the next block, or the lede beyond it would never be looked at.
    /// </summary>
    private IElement? RemoveAndGetNext(IElement node)
    {
        if (afterTitle == node)
        {
            afterTitle = Dom.NextElement(node, skipChildren: true);
        }

        return Dom.RemoveAndGetNext(node);
    }

    /// <summary>
    /// A wrapper named as furniture ("entry-header", "intro-header") that holds the headline is pruned with its bylines and share bars,
    /// and the standfirst it also holds would go with them: that one block is set aside as the lede.
    /// </summary>
    private void KeepHeaderLede(IElement node)
    {
        if (headerLede is not null || articleTitle is null)
        {
            return;
        }

        // The headline itself, both ways alike: a blog's name in its banner or a widget's title also shares words with the title.
        if (Dom.ByTag(node, "h1").FirstOrDefault(h => HeaderDuplicatesTitle(h) && TextSimilarity.Of(Dom.InnerText(h, normalize: false), articleTitle) > 0.75) is { } heading)
        {
            headerLede = Lede.InPrunedHeader(node, heading);
        }
    }

    private bool HeaderDuplicatesTitle(IElement node)
    {
        if (articleTitle is null || !(Dom.Is(node, "h1") || Dom.Is(node, "h2")))
        {
            return false;
        }

        return TextSimilarity.Of(articleTitle, Dom.InnerText(node, normalize: false)) > 0.75;
    }

    private List<IElement> ScoreParagraphs(List<IElement> elementsToScore)
    {
        var candidates = new List<IElement>();
        foreach (var element in elementsToScore)
        {
            if (element.ParentElement is null)
            {
                continue;
            }

            var innerText = Dom.InnerText(element);
            if (innerText.Length < 25)
            {
                continue;
            }

            var ancestors = Dom.Ancestors(element, 5);
            if (ancestors.Count == 0)
            {
                continue;
            }

            double contentScore = 1;
            contentScore += ReadabilityPatterns.Commas().Count(innerText) + 1;
            contentScore += Math.Min(Math.Floor(innerText.Length / 100.0), 3);

            for (var level = 0; level < ancestors.Count; level++)
            {
                var ancestor = ancestors[level];
                if (ancestor.ParentElement is null)
                {
                    continue;
                }

                if (!scores.ContainsKey(ancestor))
                {
                    scores[ancestor] = InitialScore(ancestor);
                    candidates.Add(ancestor);
                }

                var divider = level switch
                {
                    0 => 1,
                    1 => 2,
                    _ => level * 3,
                };
                scores[ancestor] += contentScore / divider;
            }
        }

        return candidates;
    }

    private double InitialScore(IElement node)
    {
        var score = Dom.Tag(node) switch
        {
            "DIV" => 5,
            "PRE" or "TD" or "BLOCKQUOTE" => 3,
            "ADDRESS" or "OL" or "UL" or "DL" or "DD" or "DT" or "LI" or "FORM" => -3,
            "H1" or "H2" or "H3" or "H4" or "H5" or "H6" or "TH" => -5,
            _ => 0,
        };
        return score + ClassWeight.Of(node, flags);
    }

    private IElement PickTopCandidate(List<IElement> candidates, IElement body)
    {
        var top = new List<IElement>();
        foreach (var candidate in candidates)
        {
            var score = scores[candidate] * (1 - Dom.LinkDensity(candidate));
            scores[candidate] = score;
            for (var t = 0; t < TopCandidateCount; t++)
            {
                if (t >= top.Count || score > scores[top[t]])
                {
                    top.Insert(t, candidate);
                    if (top.Count > TopCandidateCount)
                    {
                        top.RemoveAt(top.Count - 1);
                    }

                    break;
                }
            }
        }

        IElement topCandidate;
        if (top.Count == 0 || Dom.Is(top[0], "body"))
        {
            // Nothing scored: everything in the body is the article.
            topCandidate = doc.CreateElement("div");
            while (body.FirstChild is { } kid)
            {
                topCandidate.AppendChild(kid);
            }

            body.AppendChild(topCandidate);
            scores[topCandidate] = InitialScore(topCandidate);
            return topCandidate;
        }

        if (trace is not null)
        {
            trace.Candidates.AddRange(top.Select(t => "top " + Describe(t)));
        }

        topCandidate = top[0];

        var alternativeAncestors = new List<HashSet<IElement>>();
        for (var i = 1; i < top.Count; i++)
        {
            if (scores[top[i]] / scores[topCandidate] >= 0.75)
            {
                alternativeAncestors.Add(new HashSet<IElement>(Dom.Ancestors(top[i]), ReferenceEqualityComparer.Instance));
            }
        }

        if (alternativeAncestors.Count >= MinimumTopCandidates)
        {
            var parent = topCandidate.ParentElement;
            while (parent is not null && !Dom.Is(parent, "body"))
            {
                var containing = alternativeAncestors.Count(a => a.Contains(parent));
                if (containing >= MinimumTopCandidates)
                {
                    topCandidate = parent;
                    break;
                }

                parent = parent.ParentElement;
            }
        }

        scores.TryAdd(topCandidate, InitialScore(topCandidate));

        // Scores climbing on the way up hint that more of the article sits beside the candidate.
        var parentOfTop = topCandidate.ParentElement;
        var lastScore = scores[topCandidate];
        var threshold = lastScore / 3;
        while (parentOfTop is not null && !Dom.Is(parentOfTop, "body"))
        {
            if (!scores.TryGetValue(parentOfTop, out var parentScore))
            {
                parentOfTop = parentOfTop.ParentElement;
                continue;
            }

            if (parentScore < threshold)
            {
                break;
            }

            if (parentScore > lastScore)
            {
                topCandidate = parentOfTop;
                break;
            }

            lastScore = parentScore;
            parentOfTop = parentOfTop.ParentElement;
        }

        parentOfTop = topCandidate.ParentElement;
        while (parentOfTop is not null && !Dom.Is(parentOfTop, "body") && parentOfTop.Children.Length == 1)
        {
            topCandidate = parentOfTop;
            parentOfTop = topCandidate.ParentElement;
        }

        scores.TryAdd(topCandidate, InitialScore(topCandidate));

        return topCandidate;
    }

    private IElement GatherSiblings(IElement topCandidate)
    {
        var article = doc.CreateElement("div");
        var parent = topCandidate.ParentElement;
        if (parent is null)
        {
            article.AppendChild(topCandidate);
            return article;
        }

        var topScore = scores[topCandidate];
        var threshold = Math.Max(10, topScore * 0.2);
        var topClass = topCandidate.ClassName ?? string.Empty;
        foreach (var sibling in parent.Children.ToList())
        {
            var append = false;
            if (sibling == topCandidate)
            {
                append = true;
            }
            else
            {
                double bonus = 0;
                if (topClass.Length > 0 && string.Equals(sibling.ClassName, topClass, StringComparison.Ordinal))
                {
                    bonus += topScore * 0.2;
                }

                if (scores.TryGetValue(sibling, out var siblingScore) && siblingScore + bonus >= threshold)
                {
                    append = true;
                }
                else if (Dom.Is(sibling, "p"))
                {
                    var linkDensity = Dom.LinkDensity(sibling);
                    var content = Dom.InnerText(sibling);
                    if (content.Length > 80 && linkDensity < 0.25)
                    {
                        append = true;
                    }
                    else if (content.Length is < 80 and > 0 && linkDensity == 0
                        && ReadabilityPatterns.SentenceEnd().IsMatch(content))
                    {
                        append = true;
                    }
                }
            }

            if (append)
            {
                var moved = sibling;
                if (!AlterToDivExceptions.Contains(Dom.Tag(sibling)))
                {
                    // A form or td kept as-is would be dropped by the cleaning later.
                    moved = Dom.SetTag(sibling, "div", scores);
                }

                article.AppendChild(moved);
            }
        }

        return article;
    }
}
