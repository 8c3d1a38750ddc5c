using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// A short line that asks for the reader's e-mail for a newsletter ("Never miss the latest news by signing up to our
/// newsletter today!", "Melden Sie sich für unseren Newsletter an"). Unlike <see cref="CallToAction"/> it is taken
/// anywhere in the article: it needs both the newsletter and the ask, which a story about newsletters rarely puts in
/// one short line.
/// </summary>
internal static partial class NewsletterLines
{
    private const int MaxLength = 200;

    [GeneratedRegex(@"newsletter", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Newsletter();

    [GeneratedRegex(
        @"\b(sign(ing)? up|subscribe|your (e-?mail|inbox)|abonnier\w*|melden sie sich|meld dich|anmelden|inscri\w*|abonne[zr]|suscr[ií]b\w*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ask();

    public static bool IsNewsletterLine(string text) => text.Length is > 0 and <= MaxLength && Newsletter().IsMatch(text) && Ask().IsMatch(text);
}
