using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Normalize;

/// <summary>
/// The identity of an entry that carries neither a link nor an id (RSS requires only a title or a description):
/// a hash of what it says, as Miniflux derives one. Folding keeps it stable across whitespace, case and markup
/// changes a feed makes without editing the entry; an edit of its words gives a new identity, so a new article.
/// </summary>
public static class ContentIdentity
{
    /// <summary>The canonical URL under which such an entry is stored, unique inside its outlet.</summary>
    /// <param name="rest">What else the entry holds (dates, author, categories), which only counts when it has no
    /// title, text or enclosure: two such bare entries are still told apart.</param>
    public static string For(string outletId, string? title, string? html, Uri? firstEnclosure, Func<string> rest)
    {
        var text = new StringBuilder()
            .Append(TextNormalizer.FoldTitle(title)).Append('\u001f')
            .Append(TextNormalizer.Fold(TagStripper.ToPlainText(html))).Append('\u001f')
            .Append(firstEnclosure?.AbsoluteUri);
        if (text.Length == 2)
        {
            text.Append('\u001f').Append(rest());
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 16);
        return $"urn:x-aggregator:{outletId}:content:{hash}";
    }
}
