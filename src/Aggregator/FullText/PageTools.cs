using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// The page's own tools left as text once their icons and scripts are gone: print, permalink, send, download as PDF
/// ("Imprimer cette page", "Permalink: https://…", "drukuj", "Artikel drucken"). A short line that is nothing but
/// tool names; only taken at the end of the article (see <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>).
/// </summary>
internal static partial class PageTools
{
    private const int MaxLength = 120;

    [GeneratedRegex(
        @"^\W*(((artikel|seite|beitrag|page|article) )?(print|drucken|imprimer|imprimir|stampa|drukuj|permalink|permalien|e-?mail|senden|versenden|envoyer|enviar|pdf|teilen|partager|compartir)"
        + @"( (this|the|cette|la|le|diese[nrs]?|den|das|el|esta?) (page|article|story|post|artikel|seite|beitrag|página|artículo|text))?\W*)+((https?://|www\.)\S+)?\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tools();

    public static bool IsPageTool(string text) => text.Length is > 0 and <= MaxLength && Tools().IsMatch(text);
}
