using System.Text.RegularExpressions;
using Aggregator.Model;

namespace Aggregator.Parse;

/// <summary>Reads the free-form author strings RSS allows: "jo@example.com (Jo Bloggs)", "Jo Bloggs &lt;jo@example.com&gt;", "Jo".</summary>
public static partial class PersonParser
{
    public static Person? Parse(string? text)
    {
        if (text is { Length: > FeedLimits.MaxPersonChars })
        {
            text = text[..FeedLimits.MaxPersonChars];
        }
        var s = text is null ? "" : HtmlText.CollapseWhitespace(HtmlText.Decode(text));
        if (s.Length == 0)
        {
            return null;
        }

        // Each pattern below needs an "@": a plain name is a plain name.
        if (!s.Contains('@', StringComparison.Ordinal))
        {
            return new Person(s);
        }

        var m = EmailThenNameRegex().Match(s);
        if (m.Success)
        {
            return new Person(m.Groups["name"].Value.Trim(), m.Groups["email"].Value);
        }

        m = NameThenParenthesizedEmailRegex().Match(s);
        if (m.Success)
        {
            return new Person(m.Groups["name"].Value.Trim(), m.Groups["email"].Value);
        }

        m = NameThenEmailRegex().Match(s);
        if (m.Success)
        {
            var name = m.Groups["name"].Value.Trim().Trim('"');
            return new Person(name.Length == 0 ? null : name, m.Groups["email"].Value);
        }

        return EmailRegex().IsMatch(s) ? new Person(null, s) : new Person(s);
    }

    [GeneratedRegex("""^(?:mailto:)?(?<email>[^\s@()<>]+@[^\s@()<>]+)\s*\((?<name>[^)]*)\)$""", RegexOptions.CultureInvariant)]
    private static partial Regex EmailThenNameRegex();

    [GeneratedRegex("""^(?<name>[^(@]+?)\s*\((?:mailto:)?(?<email>[^\s@()<>]+@[^\s@()<>]+)\)$""", RegexOptions.CultureInvariant)]
    private static partial Regex NameThenParenthesizedEmailRegex();

    [GeneratedRegex("""^(?<name>[^<]*)<(?:mailto:)?(?<email>[^\s@<>]+@[^\s@<>]+)>$""", RegexOptions.CultureInvariant)]
    private static partial Regex NameThenEmailRegex();

    [GeneratedRegex("""^[^\s@]+@[^\s@]+\.[^\s@]+$""", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();
}
