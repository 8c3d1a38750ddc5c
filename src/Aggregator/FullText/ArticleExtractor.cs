using AngleSharp.Dom;
using Aggregator.Scrape;

namespace Aggregator.FullText;

/// <summary>
/// Readability-style main-content extraction for full-text outlets. A port of the Mozilla Readability
/// algorithm (Apache-2.0) onto AngleSharp. Kept beside SmartReader 0.11.1 (its .NET port, served here) on
/// measurement: SmartReader fetches pages with its own HTTP client, which would bypass the fetcher's
/// private-network guard, robots.txt and host limits, and it took 20x longer on deeply nested pages.
/// Pure: HTML and the page URL in, the article out; never throws.
/// </summary>
public static class ArticleExtractor
{
    /// <summary>Below this much text a pass is retried with looser heuristics.</summary>
    private const int CharThreshold = 500;

    /// <summary>
    /// Past this many DOM nodes a page is not an article (real ones stay well under 30,000) and the
    /// scoring passes would take seconds, so only the metadata is returned.
    /// </summary>
    private const int MaxNodes = 150_000;

    private static readonly GrabFlags[] Passes =
    [
        GrabFlags.All,
        GrabFlags.WeightClasses | GrabFlags.CleanConditionally,
        GrabFlags.CleanConditionally,
        GrabFlags.None,
    ];

    public static ExtractedArticle Extract(string html, Uri pageUrl) => Extract(html, pageUrl, tally: null);

    /// <summary>
    /// As <see cref="Extract(string, Uri)"/> for a page of an outlet whose earlier pages <paramref name="furniture"/>
    /// remembers: blocks those pages repeat are left out, and this page is remembered for the next.
    /// </summary>
    public static ExtractedArticle Extract(string html, Uri pageUrl, OutletFurniture furniture) => Extract(html, pageUrl, tally: null, furniture: furniture);

    /// <summary>As <see cref="Extract(string, Uri)"/>, adding the words the precision pass removed to <paramref name="tally"/>.</summary>
    internal static ExtractedArticle Extract(string html, Uri pageUrl, BoilerplateTally? tally, ExtractionTrace? trace = null, OutletFurniture? furniture = null)
    {
        try
        {
            var page = LargeArticlePage.Fit(html ?? string.Empty, out var cut);
            // Up to four parses of the page; a big one waits for any other big page's DOM to be dropped first.
            using var turn = LargePageGate.Enter(page);
            var article = ExtractCore(page, pageUrl ?? new Uri("about:blank"), tally, trace, furniture);
            return cut is null ? article : article with { Cut = cut };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The DOM work is heuristic over hostile input; a failure is an outcome for this page only.
            return new ExtractedArticle(null, null, null, null, null, null, string.Empty, "extraction failed: " + ex.Message);
        }
    }

    private static ExtractedArticle ExtractCore(string html, Uri pageUrl, BoilerplateTally? tally, ExtractionTrace? trace, OutletFurniture? furniture)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new ExtractedArticle(null, null, null, null, null, null, string.Empty, "empty document");
        }

        var first = DocumentPrep.Parse(html);
        var jsonLd = JsonLdReader.Read(first);
        var baseUrl = UrlResolver.BaseOf(first, pageUrl);
        var nodeCount = Dom.Descendants(first).Count();
        if (nodeCount > MaxNodes)
        {
            var headOnly = MetadataReader.Read(first, jsonLd);
            return new ExtractedArticle(headOnly.Title, headOnly.Byline, headOnly.Excerpt, headOnly.SiteName, headOnly.Published, null, string.Empty,
                $"page too large ({nodeCount} nodes)");
        }

        DocumentPrep.Prepare(first);
        var regions = LinkRegions.Of(first);
        var meta = MetadataReader.Read(first, jsonLd);

        string? foundByline = null;
        IElement? best = null;
        var bestLength = -1;
        IDocument? bestDoc = null;
        for (var i = 0; i < Passes.Length; i++)
        {
            var doc = first;
            if (i > 0)
            {
                var fresh = DocumentPrep.Parse(html);
                DocumentPrep.Prepare(fresh);
                doc = fresh;
            }

            var passTrace = trace is null ? null : new ExtractionTrace();
            var grabber = new ContentGrabber(doc, meta.Title, Passes[i], foundByline, meta.Descriptions, passTrace);
            var content = grabber.Grab();
            foundByline ??= grabber.Byline;
            if (content is null)
            {
                break;
            }

            var length = Dom.InnerText(content).Length;
            if (length > bestLength)
            {
                (best, bestLength, bestDoc) = (content, length, doc);
                if (trace is not null && passTrace is not null)
                {
                    (trace.Pruned, trace.Gathered, trace.Cleaned, trace.Lede, trace.Candidates) = (passTrace.Pruned, passTrace.Gathered, passTrace.Cleaned, passTrace.Lede, passTrace.Candidates);
                }
            }

            if (length >= CharThreshold)
            {
                break;
            }
        }

        var byline = meta.Byline ?? foundByline;
        if (best is null || bestDoc is null || bestLength == 0)
        {
            return new ExtractedArticle(meta.Title, byline, meta.Excerpt, meta.SiteName, meta.Published, null, string.Empty, "no readable content");
        }

        BoilerplateFilter.Run(best, tally, regions);
        var repeated = furniture?.Remove(best, pageUrl.AbsoluteUri, tally) ?? 0;
        UrlResolver.Fix(best, baseUrl, pageUrl, bestDoc);
        ContentPostProcess.Run(best);

        var excerpt = meta.Excerpt;
        if (excerpt is null && Dom.ByTag(best, "p").FirstOrDefault() is { } firstParagraph)
        {
            var text = Dom.RawText(firstParagraph).Trim();
            excerpt = text.Length == 0 ? null : text;
        }

        return new ExtractedArticle(
            meta.Title,
            byline,
            excerpt,
            meta.SiteName,
            meta.Published,
            best.InnerHtml,
            TextRenderer.Render(best),
            null)
        {
            RepeatedBlocksRemoved = repeated,
        };
    }
}
