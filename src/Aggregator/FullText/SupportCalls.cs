using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line that asks the reader for money or loyalty rather than attention to the story: donate, become a
/// member, support the outlet's journalism, watch its channel ("We need your help", "Unterstützen Sie uns",
/// "Apoya el periodismo independiente", "¡Mira nuestro canal de YouTube!", "Cancel anytime"). A small table of
/// openers by language, not by site. Only taken at the end of the article (see
/// <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>), where such appeals sit; inside a story the words are reporting.
/// </summary>
internal static partial class SupportCalls
{
    private const int MaxLength = 400;

    [GeneratedRegex(
        // English
        @"\b(donat(e|ion)s?|support (us|our (work|journalism|reporting|newsroom))|help us (continue|keep|to)|we need your (help|support)|become a (member|supporter|patron|subscriber)|cancel (at )?any ?time|our (youtube |telegram |whatsapp )?channel"
        // German
        + @"|unterstütz\w* (sie |du )?(uns|unsere)|jetzt unterstützen|spende[nr]?\b|spenden sie|werden sie (mitglied|unterstützer)|werde (mitglied|unterstützer)|jederzeit kündbar|unse?r\w* (youtube-)?kanal"
        // Spanish, French, Italian, Polish
        + @"|ap[oó]y\w*|te necesitamos|hazte (socio|miembro)|cancela cuando quieras|nuestro canal|soutenez|faites un don|nous soutenir|notre chaîne|sostienici|sostieni|wesprzyj|nasz kanał)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Appeal();

    public static bool IsSupportCall(string text) => text.Length is > 0 and <= MaxLength && Appeal().IsMatch(text);
}
