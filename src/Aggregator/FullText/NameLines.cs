using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A line of two to four capitalised words and nothing else ("Jane Roe", "María de la Cruz", "Max Muster und Erika
/// Muster") above the article's first paragraph of prose or below its last: a byline or a signature without its "By".
/// Only there: inside the story such a line is a subheading. Headings are left alone for the same reason.
/// </summary>
internal static partial class NameLines
{
    /// <summary>Shortest block that counts as prose: a sentence, not a label.</summary>
    private const int MinProse = 80;

    [GeneratedRegex(
        @"^(\p{Lu}[\p{Ll}’'-]+|\p{Lu}\.)(\s+(\p{Lu}[\p{Ll}’'-]+|\p{Lu}\.|von|van|de|der|den|da|del|di|du|la|le|y|and|und|et|e|&)){1,3}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"[.!?…:]['""”’»)]?$")]
    private static partial Regex SentenceEnd();

    public static bool IsName(string text) => text.Length <= 60 && Name().IsMatch(text);

    public static void Remove(IElement article, IReadOnlyList<IElement> blocks, BoilerplateTally? tally)
    {
        var live = blocks.Where(b => b.ParentElement is not null && IsInside(b, article)).ToList();
        var texts = live.Select(b => Dom.InnerText(b)).ToList();
        var first = texts.FindIndex(IsProse);
        var last = texts.FindLastIndex(IsProse);
        if (first < 0)
        {
            return;
        }

        for (var i = 0; i < live.Count; i++)
        {
            if (i < first || i > last)
            {
                if (!IsHeading(live[i]) && IsName(texts[i]))
                {
                    tally?.Add(BoilerplateKind.NameLine, texts[i]);
                    live[i].Remove();
                }
            }
        }
    }

    private static bool IsProse(string text) => text.Length >= MinProse && SentenceEnd().IsMatch(text);

    private static bool IsHeading(IElement e) => Dom.Tag(e) is "H1" or "H2" or "H3" or "H4" or "H5" or "H6";

    private static bool IsInside(IElement node, IElement root)
    {
        for (var e = node.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e == root)
            {
                return true;
            }
        }

        return false;
    }
}
