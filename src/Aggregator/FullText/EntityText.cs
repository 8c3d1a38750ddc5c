using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.FullText;

/// <summary>
/// Decodes the entities that survive in meta content when a CMS escapes twice (&amp;amp;quot;).
/// Invalid code points become U+FFFD, as a browser would render them.
/// </summary>
internal static partial class EntityText
{
    [GeneratedRegex("&(quot|amp|apos|lt|gt);")]
    private static partial Regex Named();

    [GeneratedRegex("&#(?:x([0-9a-f]+)|([0-9]+));", RegexOptions.IgnoreCase)]
    private static partial Regex Numeric();

    public static string? Decode(string? s)
    {
        if (s is null || !s.Contains('&', StringComparison.Ordinal))
        {
            return s;
        }

        s = Named().Replace(s, m => m.Groups[1].Value switch
        {
            "quot" => "\"",
            "amp" => "&",
            "apos" => "'",
            "lt" => "<",
            _ => ">",
        });
        return Numeric().Replace(s, m =>
        {
            var ok = m.Groups[1].Success
                ? long.TryParse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n)
                : long.TryParse(m.Groups[2].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out n);
            if (!ok || n == 0 || n > 0x10FFFF || n is >= 0xD800 and <= 0xDFFF)
            {
                return "\uFFFD";
            }

            return char.ConvertFromUtf32((int)n);
        });
    }
}
