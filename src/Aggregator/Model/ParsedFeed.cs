namespace Aggregator.Model;

/// <summary>A whole feed document mapped to the one model every format shares.</summary>
public sealed record ParsedFeed
{
    public required FeedFormat Format { get; init; }
    /// <summary>The exact dialect, e.g. "rss20", "rss091u", "rss10", "atom10", "atom03", "json11".</summary>
    public required string Version { get; init; }
    public string? Title { get; init; }
    /// <summary>Plain text (Atom subtitle, RSS description, JSON Feed description).</summary>
    public string? Subtitle { get; init; }
    /// <summary>The site's home page.</summary>
    public Uri? Link { get; init; }
    /// <summary>The feed's own URL when it states it (Atom rel="self", JSON feed_url).</summary>
    public Uri? FeedUrl { get; init; }
    public string? Id { get; init; }
    public string? Language { get; init; }
    public string? Rights { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public IReadOnlyList<Person> Authors { get; init; } = [];
    public Uri? ImageUrl { get; init; }
    public string? Generator { get; init; }
    /// <summary>WebSub hub the feed advertises (rel="hub").</summary>
    public Uri? Hub { get; init; }
    /// <summary>How often the feed says it changes, and when not to poll it.</summary>
    public PublishingHints Hints { get; init; } = PublishingHints.None;
    public IReadOnlyList<FeedEntry> Entries { get; init; } = [];
    /// <summary>Non-fatal problems the lenient reader recovered from (feedparser's "bozo").</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Entries dropped because the body ended inside them; <see cref="Loss"/> counts them under their own label.</summary>
    public int CutOffEntries { get; init; }
    /// <summary>Entries the body's markup holds that were not read, when there are any.</summary>
    public EntryLoss? Loss { get; init; }
}
