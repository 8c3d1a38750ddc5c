namespace Aggregator.Tests.Parse.Conformance;

/// <summary>How an expected feedparser value is compared with ours.</summary>
public enum FieldKind
{
    Exact,
    /// <summary>Our titles are plain text; feedparser's may be HTML: compare what a reader sees.</summary>
    PlainText,
    /// <summary>HTML strings: equal, or equal once character references are decoded.</summary>
    Html,
    /// <summary>Absolute URLs, equal once both are in canonical Uri form.</summary>
    Url,
    /// <summary>Timestamps, equal as instants.</summary>
    Instant,
}
