using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// The story's end marked by a heading that introduces something else: "Related", "See also", "About the author",
/// "Auch interessant", "À lire aussi", "Te puede interesar", "Kontakt:". In the last part of the article that heading and all
/// that follows it at its level go, whatever shape the teasers under it take (the link-list rules only catch lists).
/// Higher up, the opener only ends a box it opens: a wrapper whose first text it is ("Mehr zu …" over teaser cards).
/// </summary>
internal static partial class ClosingSections
{
    /// <summary>The heading must come after this share of the article's text: near the top the same words open a section.</summary>
    private const double MinShareBefore = 0.5;

    [GeneratedRegex(
        @"^\W*(related( (articles|stories|posts|coverage|content|news))?|see also|more (from|on|about|stories|news)\b.*|you (may|might) (also )?(like|be interested)\b.*|read (also|next|more)\b.*|about the author|recommended( for you)?"
        + @"|siehe auch|weitere (artikel|beiträge|informationen|infos|themen|nachrichten)\b.*|mehr (zum thema|zu)\b.*|auch interessant|das könnte (dich|sie) auch interessieren|schon gelesen|zum weiterlesen|lesen sie auch|über den autor|über die autorin|verwandte (artikel|beiträge)|ähnliche (artikel|beiträge)"
        + @"|à lire aussi|voir aussi|sur le même sujet|lire aussi|te puede interesar|también te puede interesar|contenido relacionado|noticias relacionadas|leer también|ver también|potrebbe interessarti|leggi anche"
        // The contact block and the shop's picks under the story: "Kontakt:", "Ansprechpartnerin zum Thema:", "Empfehlungen aus dem … Shop".
        + @"|contact( us)?|press contact|media contact|kontakt|pressekontakt|ansprechpartner(in)?( zum thema)?|contacto|contact presse|empfehlungen aus (dem|unserem)\b.*|unsere empfehlung(en)?)\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Opener();

    public static void Remove(IElement article, int budget, BoilerplateTally? tally)
    {
        var total = Dom.InnerText(article).Length;
        foreach (var heading in Dom.DescendantElements(article).Where(e => IsOpenerBlock(e) || LinkBlocks.IsHeadingLike(e)).ToList())
        {
            if (heading.ParentElement is null || !Opener().IsMatch(Dom.InnerText(heading)))
            {
                continue;
            }

            var following = new List<IElement> { heading };
            for (var e = heading.NextElementSibling; e is not null; e = e.NextElementSibling)
            {
                following.Add(e);
            }

            var removed = following.Sum(e => Dom.InnerText(e).Length);
            if (removed > budget)
            {
                continue;
            }

            if (TextBefore(article, heading) < total * MinShareBefore)
            {
                // Higher up the same heading may open a section of the story, unless it opens a box of its own.
                if (heading.ParentElement is { } box && box != article && OpensBox(heading))
                {
                    tally?.Add(BoilerplateKind.RelatedBox, Dom.InnerText(box));
                    box.Remove();
                }

                continue;
            }

            foreach (var e in following)
            {
                tally?.Add(BoilerplateKind.ClosingSection, Dom.InnerText(e));
                e.Remove();
            }
        }
    }

    /// <summary>
    /// A block of inline content that says nothing but the opener, in plain paragraph markup ("&lt;p&gt;Über den
    /// Autor&lt;/p&gt;"): the opener pattern matches whole short lines only, so the markup need not say heading.
    /// </summary>
    private static bool IsOpenerBlock(IElement e) =>
        !Dom.IsPhrasingContent(e) && e.Children.All(Dom.IsPhrasingContent) && Dom.LinkDensity(e) == 0;

    /// <summary>
    /// The opener comes first in its wrapper, so the wrapper holds the opener and what it introduces and nothing of the
    /// story: a "Mehr zu …" box of teaser cards set between two paragraphs.
    /// </summary>
    private static bool OpensBox(IElement heading)
    {
        for (var n = heading.PreviousSibling; n is not null; n = n.PreviousSibling)
        {
            if (n.TextContent.Trim().Length > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int TextBefore(IElement article, IElement heading)
    {
        var length = 0;
        foreach (var node in Dom.Descendants(article))
        {
            if (node == heading)
            {
                break;
            }

            if (node.NodeType == NodeType.Text)
            {
                length += node.TextContent.Trim().Length;
            }
        }

        return length;
    }
}
