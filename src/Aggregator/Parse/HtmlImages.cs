using System.Text.RegularExpressions;

namespace Aggregator.Parse;

/// <summary>The first picture an HTML body shows, for entries that name no image of their own (as gofeed and Miniflux do).</summary>
public static partial class HtmlImages
{
    /// <summary>The absolute src of the first &lt;img&gt; that has one, or null.</summary>
    public static Uri? First(string? html, Uri? baseUri)
    {
        if (html is null)
        {
            return null;
        }

        // Tag by tag, so each character is looked at a bounded number of times whatever the input.
        var at = 0;
        while ((at = html.IndexOf("<img", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var end = html.IndexOf('>', at);
            if (end < 0)
            {
                return null;
            }

            var m = SrcRegex().Match(html, at, end - at);
            if (m.Success)
            {
                return UriResolver.Resolve(HtmlText.Decode(m.Groups["src"].Value), baseUri);
            }

            at = end;
        }

        return null;
    }

    [GeneratedRegex("""\ssrc\s*=\s*(?:"(?<src>[^"]*)"|'(?<src>[^']*)'|(?<src>[^\s>]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SrcRegex();
}
