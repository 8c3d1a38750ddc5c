using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short note on how the page came about rather than on the story: sponsorship and partnership disclosures,
/// affiliate-link notes and the picture's copyright line ("Dieser Beitrag ist in Kooperation mit … entstanden",
/// "This post contains affiliate links", "… eine Provision erhält", "© Jane Roe | Agency"). A small table by language.
/// Only taken at the end of the article (see <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>): the words can be
/// reporting inside a story, and a copyright sign there is a caption's.
/// </summary>
internal static partial class Disclosures
{
    private const int MaxLength = 300;

    [GeneratedRegex(
        @"^\W*(©|\(c\)\s)|\b(affiliate|sponsored (by|post|content)|paid partnership|in (partnership|cooperation|collaboration) with|earn (a|an affiliate) commission"
        + @"|(in )?(freundlicher )?kooperation mit|in zusammenarbeit mit .{0,80}entstanden|eine provision|provisionslink|werbelink|gesponsert|bezahlte partnerschaft"
        + @"|en (partenariat|collaboration) avec|lien(s)? (sponsorisé|affilié)|patrocinado|en colaboración con|enlaces? de afiliados?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Note();

    public static bool IsDisclosure(string text) => text.Length is > 0 and <= MaxLength && Note().IsMatch(text);
}
