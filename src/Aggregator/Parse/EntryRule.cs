using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// Which elements a format's adapter maps as entries: a local name in any case (or its other spelling, as a lenient
/// reader meets them), in a namespace the format counts as its own. The adapter selects its entries with it, and
/// maps entries while the document is read (<see cref="IEntryStreaming"/>) by the very same rule.
/// </summary>
public sealed class EntryRule(string name, string otherName, Func<string, bool> isCore)
{
    public bool Selects(FeedElement element) =>
        (element.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase) || element.LocalName.Equals(otherName, StringComparison.OrdinalIgnoreCase))
        && element.PassesCore(isCore);

    /// <summary>Every selected element below <paramref name="root"/>, in document order.</summary>
    public List<FeedElement> In(FeedElement root) => root.Descendants(name, otherName, isCore);
}
