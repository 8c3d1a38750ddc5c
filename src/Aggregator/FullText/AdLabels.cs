using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A line that labels an ad or a link, not text: "Advertisement", "Anzeige", "- Anzeige -", "Werbung", "Read more", "Load more", and
/// a short ad that starts with its label ("ANZEIGE – Heute mal ausgehen?", "*Werbung. Dieser Beitrag enthält…").
/// </summary>
internal static partial class AdLabels
{
    private const int MaxLength = 200;

    [GeneratedRegex(
        @"^\W*(advertisement|advertising|anzeige|werbung|publicidad|publicité|pubblicità|reklama|sponsored|gesponsert|read more|weiterlesen|mehr lesen|leer más|lire la suite|continue reading|load more|show more|lade weitere( inhalte| artikel| beiträge)?|mehr laden|weitere laden|mehr anzeigen|charger plus|cargar más)\b\W*($|[:.\-–—|*]\s*\S)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    public static bool IsAdLabel(string text) => text.Length is > 0 and <= MaxLength && Label().IsMatch(text);
}
