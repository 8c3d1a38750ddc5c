using AngleSharp.Dom;
using Aggregator.Normalize;

namespace Aggregator.FullText;

/// <summary>Plain text of content with a blank line between blocks, for indexing and matching (<see cref="ReaderText"/>'s lines).</summary>
internal static class TextRenderer
{
    /// <summary>What a browser shows of <paramref name="root"/> as it stands: the trace's view of the stages before publishing.</summary>
    public static string Render(IElement root) => string.Join("\n\n", ReaderText.Lines(root));

    /// <summary>
    /// What a reader of the published entry sees of <paramref name="root"/>'s content, as if sanitized, then read. The
    /// extractor's TextContent, so the corpus tests score what the feed carries, not elements the sanitizer drops on the
    /// way (a stray &lt;title&gt;, an inline SVG's labels, a form and its options).
    /// </summary>
    public static string Published(IElement root) => string.Join("\n\n", ReaderText.PublishedLines(root));
}
