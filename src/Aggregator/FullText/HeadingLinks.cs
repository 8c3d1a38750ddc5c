using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A heading that is wholly a link to another page, once the story has begun: the title of a teaser card for another
/// article, not a subheading of this one (a story's own subheadings are not links). A heading linking within the page
/// ("#section") is a table-of-contents anchor and stays, as does a linked title above the first paragraph (a blog's
/// permalink).
/// </summary>
internal static partial class HeadingLinks
{
    /// <summary>Shortest block that counts as the story's prose: a sentence, not a label.</summary>
    private const int MinProse = 80;

    private const double WhollyLinked = 0.9;

    [GeneratedRegex(@"[.!?…:]['""”’»)]?$")]
    private static partial Regex SentenceEnd();

    public static void Remove(IElement article, BoilerplateTally? tally)
    {
        var storyBegun = false;
        var teasers = new List<IElement>();
        foreach (var e in Dom.DescendantElements(article))
        {
            if (Dom.Tag(e) is "H2" or "H3" or "H4" or "H5" or "H6")
            {
                if (storyBegun && IsLinkTitle(e))
                {
                    teasers.Add(e);
                }
            }
            else if (!storyBegun && Dom.Is(e, "p") && Dom.InnerText(e) is { Length: >= MinProse } text && SentenceEnd().IsMatch(text))
            {
                storyBegun = true;
            }
        }

        foreach (var heading in teasers)
        {
            tally?.Add(BoilerplateKind.HeadingLink, Dom.InnerText(heading));
            heading.Remove();
        }
    }

    private static bool IsLinkTitle(IElement heading)
    {
        var links = Dom.ByTag(heading, "a");
        return Dom.InnerText(heading).Length > 0 && links.Count > 0
            && links.All(a => a.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#') && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            && Dom.LinkDensity(heading) >= WhollyLinked;
    }
}
