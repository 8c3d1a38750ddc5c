using Aggregator.Normalize;

namespace Aggregator.Store;

/// <summary>The outcome of one poll, saved atomically: outlet state plus (on success) its articles.</summary>
public sealed record PollRecord
{
    public required string OutletId { get; init; }
    public required DateTimeOffset AttemptedAt { get; init; }
    public required bool Succeeded { get; init; }
    public int? StatusCode { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? NextDue { get; init; }
    public Uri? ResolvedFeedUrl { get; init; }
    /// <summary>Replaces the outlet's notice on every poll that got an answer; null clears it.</summary>
    public string? Notice { get; init; }
    /// <summary>Set when the outlet answered 410 Gone; a later success clears it.</summary>
    public Uri? GoneUrl { get; init; }
    /// <summary>For HTML listings: how the page was read; kept from the last poll that read it.</summary>
    public string? Structure { get; init; }
    public string? IntervalNote { get; init; }
    public TimeSpan? FeedHint { get; init; }
    /// <summary>The hub and topic the feed advertises (kept when a poll reads no feed, e.g. a 304).</summary>
    public Uri? WebSubHub { get; init; }
    public Uri? WebSubTopic { get; init; }
    public IReadOnlyList<ArticleCandidate> Articles { get; init; } = [];
    /// <summary>How new articles are matched against other outlets' text; null matches by URL only.</summary>
    public Dedup.DuplicatePolicy? Duplicates { get; init; }
    /// <summary>
    /// Pushed content: an entry dated (updated, else published) before the stored article is an older
    /// version replayed (a genuine push can be resent by anyone who saw it) and must not roll the article back.
    /// </summary>
    public bool RefuseOlder { get; init; }
    /// <summary>Settings written in the poll's own transaction, so they are stored exactly when its articles are.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    /// <summary>Full text: new articles whose page did not arrive with this poll, queued with them in its transaction.</summary>
    public IReadOnlyList<QueuedPage> Backlog { get; init; } = [];
}
