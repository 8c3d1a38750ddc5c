using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// The author's note under the story: a paragraph that introduces a person ("Candice Sealey is the Founder of …", "Jane
/// Roe ist Redakteurin bei …", "John Doe est journaliste"). Only taken at the end of the article (see
/// <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>), and only when set wholly in italics or when the person is introduced
/// by a newsroom job ("is a reporter for", "ist Korrespondentin", "es periodista"): a story may well end by saying who
/// someone it quoted is, but not by saying that they write for a paper.
/// </summary>
internal static partial class AuthorNotes
{
    private const int MaxLength = 700;

    /// <summary>A bio in plain text is a few sentences; a longer paragraph about a writer is the story's own (an obituary, a profile).</summary>
    private const int MaxPlainNote = 400;

    [GeneratedRegex(@"^\W*\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){1,3},? (is|was|ist|war|est|es|è|jest) ", RegexOptions.CultureInvariant)]
    private static partial Regex Introduces();

    /// <summary>The job comes within a few words of the verb, before the first sentence ends: "is an award-winning freelance reporter".</summary>
    [GeneratedRegex(
        @"^\W*\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){1,3},? (is|was|ist|war|est|es|è|é|jest|is een) ([^.!?\s]+ ){0,4}"
        + @"(?i:reporter|correspondent|journalist|writer|editor|columnist|contributor|photographer|producer|freelancer|critic|anchor|staff writer"
        + @"|redakteur|redakteurin|korrespondent|korrespondentin|journalistin|reporterin|autor|autorin|volontär|volontärin|kolumnist|kolumnistin|fotograf|fotografin"
        + @"|journaliste|rédacteur|rédactrice|correspondant|correspondante|chroniqueur|chroniqueuse"
        + @"|periodista|redactor|redactora|corresponsal|columnista|reportero|reportera"
        + @"|giornalista|redattore|redattrice|corrispondente|jornalista|repórter|correspondente"
        + @"|verslaggever|redacteur|dziennikarz|dziennikarka|redaktor|redaktorka|korespondent|korespondentka)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex IntroducesJournalist();

    public static bool IsAuthorNote(IElement block, string text) =>
        text.Length is > 0 and <= MaxLength
        && ((Introduces().IsMatch(text) && IsItalic(block, text.Length))
            || (text.Length <= MaxPlainNote && IntroducesJournalist().IsMatch(text)));

    /// <summary>All (or nearly all) of the block's text sits in em or i.</summary>
    private static bool IsItalic(IElement block, int length) =>
        block.QuerySelectorAll("em, i").Where(e => e.ParentElement?.Closest("em, i") is null)
            .Sum(e => Dom.InnerText(e).Length) >= length * 0.9;
}
