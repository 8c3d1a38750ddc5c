namespace Aggregator.Model;

/// <summary>The wire family a document was read as; the exact version travels beside it.</summary>
public enum FeedFormat
{
    Rss,
    Rdf,
    Atom,
    JsonFeed,
    Html,
}
