namespace Aggregator.Tests.Parse.Conformance;

/// <summary>How an expected value is compared with ours.</summary>
public enum FieldKind
{
    Exact,
    /// <summary>Our titles are plain text; feedparser's may be HTML: compare what a reader sees (absent = empty).</summary>
    PlainText,
    /// <summary>HTML strings, compared as an HTML5 parser reads them (<see cref="HtmlEquivalence"/>).</summary>
    Html,
    /// <summary>Absolute URLs, equal once both are in canonical Uri form (host case, default port).</summary>
    Url,
    /// <summary>Timestamps, equal as instants.</summary>
    Instant,
}
