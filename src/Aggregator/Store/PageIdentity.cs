using Aggregator.Dedup;

namespace Aggregator.Store;

/// <summary>The text identity of an article once its page arrived: duplicates are found on the text readers now see.</summary>
internal static class PageIdentity
{
    public static TextIdentity Of(string title, string content)
    {
        var folded = FoldedArticle.From(title, content);
        return new TextIdentity(ExactFingerprint.Of(folded), NearDuplicateSignature.Compute(folded));
    }
}
