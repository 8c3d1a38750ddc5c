using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A block that is a date or time with at most a short label ("Updated 03.04.2020, 19:49", "Erstellt am
/// Dienstag 6. Mai 2014", "March 3, 2020", "Published Monday", "Dezember 2008", "5 min read"): the dateline around an article, never its text.
/// </summary>
internal static partial class DateLines
{
    private const int MaxLength = 80;

    // A numeric date opens with a day or month (one or two digits) or a year (four): "158-23-2012" is a phone number.
    [GeneratedRegex(@"\b(\d{4}|\d{1,2})[./-]\s?\d{1,2}[./-]\s?\d{2,4}\b|\b\d{1,2}:\d{2}(:\d{2})?(\s?[ap]\.?m\.?)?|\b\d{1,2}\.?\s+\p{L}{3,}\.?,?\s+\d{4}\b|\b\p{L}{3,}\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateOrTime();

    [GeneratedRegex(@"[.!?]\s+\p{L}")]
    private static partial Regex SentenceInside();

    /// <summary>"Published Monday", "Updated 2 hours ago", "Aktualisiert gestern": a dateline without a single digit of date.</summary>
    [GeneratedRegex(
        @"^\W*(published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado)\W+((on|am|le|el)\s+)?"
        + @"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|heute|gestern|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|aujourd'hui|hier|hoy|ayer|\d+\s+(minutes?|mins?|hours?|hrs?|days?|stunden?|minuten?|tagen?)(\s+ago)?|vor\s+\d+)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WordDate();

    private const int MaxWordDateLength = 60;

    /// <summary>"Dezember 2008", "March 2020", "diciembre de 2019": an archive or issue label, by month names per language.</summary>
    [GeneratedRegex(
        @"^\W*(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
        + @"|januar|jänner|februar|märz|mai|juni|juli|oktober|dezember"
        + @"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
        + @"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
        + @"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
        + @"|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro"
        + @"|januari|februari|maart|mei|augustus"
        + @"|styczeń|luty|marzec|kwiecień|maj|czerwiec|lipiec|sierpień|wrzesień|październik|listopad|grudzień)\.?\s+((de|del)\s+)?\d{4}\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    /// <summary>"5 min read", "Lesezeit: 4 Minuten", "Temps de lecture : 3 min": post meta beside the dateline.</summary>
    [GeneratedRegex(
        @"^\W*(\d+\s*(min|mins|minutes?|minuten|minutos|minuti|minut)\.?\s*(read|reading time|lesezeit|lesedauer|de lecture|de lectura|di lettura|czytania)"
        + @"|(reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|tempo di lettura|czas czytania)\s*:?\s*(ca\.\s*|~\s*)?\d+\s*(min|mins|minutes?|minuten|minutos|minuti|minut)\b)\W*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReadingTime();

    public static bool IsDateLine(string text)
    {
        if (text.Length is > 0 and <= MaxWordDateLength && WordDate().IsMatch(text) && !SentenceInside().IsMatch(text))
        {
            return true;
        }

        if (text.Length is > 0 and <= MaxWordDateLength && (MonthYear().IsMatch(text) || ReadingTime().IsMatch(text)))
        {
            return true;
        }

        if (text.Length is 0 or > MaxLength || !DateOrTime().IsMatch(text) || SentenceInside().IsMatch(text))
        {
            return false;
        }

        var rest = DateOrTime().Replace(text, " ");
        return rest.Count(char.IsLetter) <= 25;
    }
}
