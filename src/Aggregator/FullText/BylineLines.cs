using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line that names who wrote or sent the story: "By Jane Roe and John Doe", "Von Max Muster, Berlin",
/// "Por María López", "The Associated Press", "Reuters". Case-sensitive, so "by the river" is not a byline: the
/// name after the marker starts with a capital, and the line may not hold a sentence break.
/// </summary>
internal static partial class BylineLines
{
    private const int MaxLength = 80;

    [GeneratedRegex(
        @"^\W*((By|BY|by|Von|VON|von|Par|PAR|par|Por|POR|por|Door|door)\s+\p{Lu}[\p{L}.'’-]*(\s+(\p{Lu}[\p{L}.'’-]*|and|und|et|y|e|en|&|de|van|von|der|la|le|da|del)|,)*(\s*[,|/–-]\s*[\p{L} .]+)?"
        + @"|(The\s+)?Associated\s+Press|ASSOCIATED PRESS|Reuters|REUTERS|Agence France-Presse|AFP|dpa|DPA|APA|epd|KNA|ANSA|EFE|Europa Press|Bloomberg|AP)\W*$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    [GeneratedRegex(@"[.!?]\s+\p{L}")]
    private static partial Regex SentenceInside();

    /// <summary>
    /// A byline or dateline label left alone on its line when its name or date sits in another element ("Von:",
    /// "Release Date:", "Autor:"): the label is furniture whatever follows it.
    /// </summary>
    [GeneratedRegex(
        @"^\W*(by|von|par|por|door|di|autor|autorin|autoren|author|authors|auteur|written by|geschrieben von|text|redaktion|release date|date|datum|published|posted|veröffentlicht|erstellt|stand|updated|aktualisiert|publié le|mis à jour le|publicado|fecha|data)\s*:\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareLabel();

    public static bool IsBylineLine(string text) =>
        text.Length is > 0 and <= MaxLength && !SentenceInside().IsMatch(text) && (Byline().IsMatch(text) || BareLabel().IsMatch(text));
}
