namespace Aggregator.Scrape;

/// <summary>What detection measures of one would-be item.</summary>
internal sealed record ItemProbe(
    Uri? Link,
    string LinkPath,
    bool HasHeading,
    bool HeadingLike,
    int TextLength,
    int MainLinkTextLength,
    int AllLinksTextLength)
{
    /// <summary>An item has a link to an article of the site and text that reads like a headline.</summary>
    public bool Qualifies => Link is not null && HeadingLike;
}
