using System.Text;

namespace Aggregator.Publish;

/// <summary>
/// Minimal HTML escaping for the markup the writers add themselves. Only the five special characters are escaped,
/// unlike WebUtility.HtmlEncode, which also turns every accented letter into a numeric reference.
/// </summary>
public static class HtmlEscape
{
    public static StringBuilder AppendEscaped(this StringBuilder sb, string text)
    {
        foreach (char c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                '\'' => sb.Append("&#39;"),
                _ => sb.Append(c),
            };
        }

        return sb;
    }

    public static string Escape(string text) => new StringBuilder(text.Length + 16).AppendEscaped(text).ToString();
}
