using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// The author's note under the story: a paragraph set wholly in italics that introduces a person ("Candice Sealey is
/// the Founder of …", "Jane Roe ist Redakteurin bei …", "John Doe est journaliste"). Only taken at the end of the
/// article (see <see cref="LinkBlocks.RemoveTrailingLinkBlocks"/>); the italics and the name-then-verb opening tell it
/// from a closing quote or a correction.
/// </summary>
internal static partial class AuthorNotes
{
    private const int MaxLength = 700;

    [GeneratedRegex(@"^\W*\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){1,3},? (is|was|ist|war|est|es|è|jest) ", RegexOptions.CultureInvariant)]
    private static partial Regex Introduces();

    public static bool IsAuthorNote(IElement block, string text) =>
        text.Length is > 0 and <= MaxLength && Introduces().IsMatch(text) && IsItalic(block, text.Length);

    /// <summary>All (or nearly all) of the block's text sits in em or i.</summary>
    private static bool IsItalic(IElement block, int length) =>
        block.QuerySelectorAll("em, i").Where(e => e.ParentElement?.Closest("em, i") is null)
            .Sum(e => Dom.InnerText(e).Length) >= length * 0.9;
}
