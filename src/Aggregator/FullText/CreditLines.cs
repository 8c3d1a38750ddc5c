using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line that credits a picture or names a source ("Photo: Jane Roe", "Credit: NASA", "© Agency",
/// "Quelle: dpa"): it describes where something came from, not what happened.
/// </summary>
internal static partial class CreditLines
{
    private const int MaxLength = 100;

    [GeneratedRegex(@"^\W*(©|(photos?|fotos?|pictures?|images?|bild(er)?|titelbild|credits?|crédits?( photos?)?|sources?|quellen?(angaben)?|źródło|fuente|copyright)\s*:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    public static bool IsCreditLine(string text) => text.Length is > 0 and <= MaxLength && Label().IsMatch(text);
}
