using Aggregator.Normalize;

namespace Aggregator.Tests.FullText;

/// <summary>
/// HTML to the text a reader sees, as an extraction benchmark turns a feed entry's content into text: the product's
/// one definition (<see cref="ReaderText"/>), so the tests and the extractor's TextContent cannot read text differently.
/// </summary>
internal static class VisibleText
{
    public static string Of(string? html) => ReaderText.Of(html);
}
