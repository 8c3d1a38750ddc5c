namespace Aggregator.Parse;

/// <summary>What the first bytes of a body say it is.</summary>
public enum DetectedFormat
{
    Unknown,
    Rss,
    Rdf,
    Atom,
    JsonFeed,
    Html,
    /// <summary>XML whose root element is not a feed's.</summary>
    OtherXml,
}
