using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// A line of two to four capitalised words and nothing else ("Jane Roe", "María de la Cruz", "Max Muster und Erika
/// Muster") directly under the article's last paragraph of prose: the author's signature without its "By". Only there:
/// inside the story such a line is a subheading, and further down it heads a product list or a box (a German
/// noun phrase is capitalised like a name). Headings are left alone for the same reason.
/// </summary>
internal static partial class NameLines
{
    /// <summary>Shortest block that counts as prose: a sentence, not a label.</summary>
    private const int MinProse = 80;

    private const int MaxName = 60;

    [GeneratedRegex(
        @"^(\p{Lu}[\p{Ll}’'-]+|\p{Lu}\.)(\s+(\p{Lu}[\p{Ll}’'-]+|\p{Lu}\.|von|van|de|der|den|da|del|di|du|la|le|y|and|und|et|e|&)){1,3}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"[.!?…:]['""”’»)]?$")]
    private static partial Regex SentenceEnd();

    public static bool IsName(string text) => text.Length <= MaxName && Name().IsMatch(text);

    /// <summary>Takes the signature under the last paragraph; <paramref name="blocks"/> are the article's leaf blocks in page order.</summary>
    public static void Remove(IElement article, IReadOnlyList<IElement> blocks, BoilerplateTally? tally)
    {
        var live = blocks.Where(b => b.ParentElement is not null && Dom.IsDescendant(b, article)).ToList();
        var texts = live.Select(b => Dom.InnerText(b)).ToList();
        var last = texts.FindLastIndex(t => t.Length >= MinProse && SentenceEnd().IsMatch(t));
        var next = last < 0 ? -1 : texts.FindIndex(last + 1, t => t.Length > 0);
        if (next < 0 || IsHeading(live[next]) || !IsName(texts[next]))
        {
            return;
        }

        tally?.Add(BoilerplateKind.NameLine, texts[next]);
        live[next].Remove();
    }

    private static bool IsHeading(IElement e) => Dom.Tag(e) is "H1" or "H2" or "H3" or "H4" or "H5" or "H6";
}
