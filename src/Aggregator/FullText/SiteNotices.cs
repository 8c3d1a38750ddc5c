using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line about the page rather than the story: its licence, copyright and reprint terms, or the outlet's
/// disclaimer ("This article is the copyrighted property of…", "Dieser Text wurde veröffentlicht unter der Lizenz
/// CC-BY…", "Dieser Beitrag gibt die Meinung des Autors wieder…"). Only taken at the end of the article (see
/// <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>), where such notices sit; inside a story the words are reporting.
/// </summary>
internal static partial class SiteNotices
{
    private const int MaxLength = 300;

    [GeneratedRegex(
        @"\b(cc[- ]by([- ](sa|nc|nd))*|creative commons|licen[cs]ed? under|unter (der|einer) lizenz|lizenz(iert)?\b|all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados"
        + @"|copyright(ed)?|urheberrechtlich|(reprint|republish)\w*|nachdruck\w*|written permission|not (be )?responsible for|(opinion|views) of the author|meinung de[rs] (autors?|autorin)|nicht (notwendigerweise|unbedingt) (die )?(meinung|ansicht))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Notice();

    public static bool IsNotice(string text) => text.Length is > 0 and <= MaxLength && Notice().IsMatch(text);
}
