using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short block that ends in a picture credit is a caption, whatever its markup: "The mayor opens the bridge on
/// Tuesday. (AP Photo/Jane Roe)", "… im Überblick. (Foto: Getty)", "… at the rally. Photograph: Jane Roe/Reuters".
/// News pages set captions as plain paragraphs once their figure markup is cleaned away; a paragraph of the story
/// does not end by naming who took a picture.
/// </summary>
internal static partial class CaptionCredits
{
    private const int MaxLength = 300;

    // The labels match in any case, the name after "Photo:" or "Photo by" only with a capital: "the photo by the river" is prose.

    [GeneratedRegex(
        @"(\(|\[)\s*([\p{L}-]+\s+)?(?i:photos?|fotos?|bild(er)?|image|picture|photograph|credit|crédit|foto\s?credit)\s*(:|/|(?i:by|von))\s*[^()\[\]]{1,80}(\)|\])\W*$"
        + @"|(^|[.!?)\s])(?i:photo|foto|photograph|picture|image|bild|beitragsbild|titelbild|credit)s?\s*(:|(?i:by|via))\s*\p{Lu}[^.!?]{0,80}\W*$"
        + @"|(^|[.!?),\s])(?i:photo|foto|picture|image|bild|beitragsbild|titelbild)s?\s+(?i:by|via|von)\W*$"
        + @"|\b(?i:getty images|afp via getty images|shutterstock|istock(photo)?|imago( images)?|picture alliance|keystone|ap photo)\b[^.!?]{0,40}\W*$",
        RegexOptions.CultureInvariant)]
    private static partial Regex EndsInCredit();

    /// <summary>"Abbildung 4: Die grösste Lawine …", "Fig. 2. Mean values", "Rysunek 1 – …": a numbered figure's caption, by label words per language.</summary>
    [GeneratedRegex(
        @"^\W*(Abbildung|Abb\.|Figure|Fig\.|Figur|Figura|Bild|Grafik|Schaubild|Foto|Photo|Image|Illustration|Rysunek|Ryc\.|Ilustración|Gráfico|Grafico|Afbeelding)\s*\d+[a-z]?\s*[:.–—|-]\s*\S",
        RegexOptions.CultureInvariant)]
    private static partial Regex NumberedFigure();

    private const int MaxFigureCaption = 400;

    public static bool IsCaption(string text) =>
        (text.Length is > 0 and <= MaxLength && EndsInCredit().IsMatch(text))
        || (text.Length is > 0 and <= MaxFigureCaption && NumberedFigure().IsMatch(text));
}
