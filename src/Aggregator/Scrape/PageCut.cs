namespace Aggregator.Scrape;

/// <summary>Where a page too long to parse whole is cut: before the tag the limit falls in, so no tag is read in half.</summary>
public static class PageCut
{
    /// <summary>The length to keep of <paramref name="html"/>, longer than <paramref name="maxChars"/>.</summary>
    public static int BeforeTag(string html, int maxChars)
    {
        var end = html.LastIndexOf('<', maxChars);
        return end > 0 ? end : maxChars;
    }
}
