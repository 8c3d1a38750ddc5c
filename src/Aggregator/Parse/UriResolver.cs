namespace Aggregator.Parse;

/// <summary>Lenient URL resolution for what feeds write in links; never throws.</summary>
public static class UriResolver
{
    /// <summary>
    /// The absolute URI <paramref name="raw"/> names, resolved against <paramref name="baseUri"/> when
    /// relative; null when it is empty, cannot be made absolute, or uses a scheme that runs code or reads
    /// local files (javascript:, vbscript:, data:, file:), which no feed link may carry. Relative text against a
    /// file: base (a file given to `preview`) resolves to a file: URI.
    /// </summary>
    public static Uri? Resolve(string? raw, Uri? baseUri)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // Feeds wrap long URLs over lines; the breaks are not part of the address.
        // One search first: almost no link has a break, and each Replace is a search of its own.
        if (text.AsSpan().IndexOfAny('\n', '\r', '\t') >= 0)
        {
            text = text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
        }

        try
        {
            // On Unix "/path" parses as an absolute file URI; in a feed it is always site-relative. So a text that
            // starts with "/" (a site path, or "//host" without its scheme) is not parsed as absolute at all, which
            // spares a URI parse for every image a WordPress feed names by path.
            if (text[0] != '/' && Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !(absolute.IsFile && !text.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
            {
                return IsSafe(absolute) ? absolute : null;
            }

            if (baseUri is null || !baseUri.IsAbsoluteUri || !(IsHierarchicalWeb(baseUri) || baseUri.IsFile))
            {
                return null;
            }

            // A file: base is never a feed's word: only `preview FILE` gives one, so the operator sees where links
            // would go. A feed's own file: URL stays refused above.
            return Uri.TryCreate(baseUri, text, out var resolved) && (IsSafe(resolved) || (baseUri.IsFile && resolved.IsFile)) ? resolved : null;
        }
        catch (UriFormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsSafe(Uri uri) => uri.Scheme is not ("javascript" or "vbscript" or "data" or "file");

    private static bool IsHierarchicalWeb(Uri uri) => uri.Scheme is "http" or "https" or "ftp";
}
