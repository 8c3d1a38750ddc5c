namespace Aggregator.Normalize;

/// <summary>An embedded player's iframe turned into the address of the video's own page.</summary>
internal static class VideoLinks
{
    /// <summary>The watch page of a YouTube or Vimeo embed, null for any other iframe.</summary>
    public static string? FromIframeSrc(string? src, Uri? baseUri)
    {
        if (src is null || UrlAttribute.Resolve(src, baseUri, allowMailto: false) is not { } absolute)
        {
            return null;
        }

        var uri = new Uri(absolute);
        if (!HtmlSanitizerPolicy.VideoHosts.Contains(uri.Host))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (uri.Host.Contains("vimeo", StringComparison.OrdinalIgnoreCase))
        {
            return segments is ["video", var vimeoId, ..] && IsId(vimeoId) ? "https://vimeo.com/" + vimeoId : absolute;
        }

        return segments is ["embed", var youtubeId, ..] && IsId(youtubeId)
            ? "https://www.youtube.com/watch?v=" + youtubeId
            : absolute;
    }

    private static bool IsId(string s) => s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
