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

    /// <summary>"BVINEWS.COM", "reuters.com": the source named by its address alone on a line.</summary>
    [GeneratedRegex(@"^\W*([\p{L}\d-]+\.)+(com|net|org|info|news|tv|fm|gov|edu|de|at|ch|uk|fr|es|it|pl|nl|be|ru|us|ca|au|in|br|mx|ar|cl|co|jm|vc|bz)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    public static bool IsCreditLine(string text) =>
        text.Length is > 0 and <= MaxLength && (Label().IsMatch(text) || HostName().IsMatch(text));
}
