using Aggregator.Model;

namespace Aggregator.Pipeline;

/// <summary>What fetching and reading one outlet produced, before anything is stored.</summary>
public sealed record ReadOutcome
{
    public required ReadStatus Status { get; init; }
    public int? StatusCode { get; init; }
    public FeedFormat? Format { get; init; }
    public string? Version { get; init; }
    public string? Title { get; init; }
    public Uri? Link { get; init; }
    // Shared by every copy `with` makes, as FetchResult's body is (Fetch.HeldBody): the outlet reader's frame returns
    // the outcome and keeps it, older than the entries, so only emptying the one holder lets them die young.
    private EntryHold? _entries;

    /// <summary>The entries read, until <see cref="ReleaseEntries"/>.</summary>
    public IReadOnlyList<FeedEntry> Entries
    {
        get => _entries?.Items ?? [];
        init => _entries = new EntryHold(value);
    }

    /// <summary>
    /// Lets the entries go, in this outcome and every copy of it, once the poll has made its candidates from them: a young
    /// object that an older one still points at outlives young collections whether that older one is reachable or not, and
    /// the parsed entries (with the strings decoded from them) were two thirds of the way into gen1 though the poll had
    /// normalized them milliseconds after the parse (bench/alloc-profile.md, h52d).
    /// </summary>
    public void ReleaseEntries()
    {
        if (_entries is not null)
        {
            _entries.Items = [];
        }
    }

    private sealed class EntryHold(IReadOnlyList<FeedEntry> items)
    {
        public IReadOnlyList<FeedEntry> Items { get; set; } = items;
    }
    /// <summary>The validators to remember for the next conditional request.</summary>
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>The feed actually read when the configured URL was an HTML page advertising it.</summary>
    public Uri? ResolvedFeedUrl { get; init; }
    /// <summary>How an HTML listing was read ("selectors: div.article", "detected 10 items via …").</summary>
    public string? Structure { get; init; }
    public DateTimeOffset? RetryAfter { get; init; }
    /// <summary>
    /// Not sent: which wait held the request until <see cref="RetryAfter"/> (<see cref="Fetch.FetchResult.HeldBy"/>'s
    /// labels), so the poll is waiting, not failed, and says why. Null for a request that was sent.
    /// </summary>
    public string? HeldBy { get; init; }
    /// <summary>Body bytes fetched (after decompression), for aggregator_fetch_bytes_total.</summary>
    public long Bytes { get; init; }
    /// <summary>Where permanent redirects (301, 308) led: the operator should update feeds.json.</summary>
    public Uri? PermanentRedirect { get; init; }
    /// <summary>The outlet answered 410 Gone.</summary>
    public bool Gone { get; init; }
    /// <summary>The feed's own hints on how often it changes, and the server's freshness lifetime.</summary>
    public PublishingHints Hints { get; init; } = PublishingHints.None;
    public TimeSpan? FreshFor { get; init; }
    /// <summary>The WebSub hub the feed advertises, and the topic URL to subscribe to (its rel="self", else the URL read).</summary>
    public Uri? Hub { get; init; }
    public Uri? SelfUrl { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Entries the body held that the reader did not return, when there are any.</summary>
    public EntryLoss? Loss { get; init; }

    public static ReadOutcome Failed(string error, int? statusCode = null, DateTimeOffset? retryAfter = null) =>
        new() { Status = ReadStatus.Failed, Error = error, StatusCode = statusCode, RetryAfter = retryAfter };

    public static ReadOutcome Failed(Fetch.FetchResult fetched, string? context = null) => new()
    {
        Status = ReadStatus.Failed,
        Error = (fetched.Error ?? "fetch: failed") + (context is null ? "" : $" ({context})"),
        StatusCode = fetched.StatusCode,
        RetryAfter = fetched.RetryAfter,
        HeldBy = fetched.HeldBy,
        Gone = fetched.Gone,
        PermanentRedirect = fetched.PermanentRedirect,
    };
}

public enum ReadStatus
{
    Ok,
    NotModified,
    Failed,
}
