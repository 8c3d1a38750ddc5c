namespace Aggregator.Store;

/// <summary>
/// An outlet's stored articles that a poll's candidates could be, fetched in one query and then
/// looked up in memory by CONTRACT §5's rules: the same guid, or else the same canonical URL
/// (the earliest such article), is the same article.
/// </summary>
internal sealed class KnownArticles
{
    private readonly Dictionary<string, StoredIdentity> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredIdentity> _byUrl = new(StringComparer.Ordinal);

    /// <summary>Rows must come in arrival (seq) order, so the earliest article keeps a shared URL.</summary>
    public void Add(StoredIdentity stored)
    {
        if (stored.SourceId is not null)
        {
            _bySource.TryAdd(stored.SourceId, stored);
        }
        _byUrl.TryAdd(stored.CanonicalUrl, stored);
    }

    public StoredIdentity? Find(ArticleCandidate candidate) =>
        candidate.SourceId is not null && _bySource.TryGetValue(candidate.SourceId, out var bySource) ? bySource
        : _byUrl.GetValueOrDefault(candidate.CanonicalUrl);
}

/// <summary>What identifies a stored article inside its outlet, and what tells whether a candidate changed it.</summary>
/// <param name="Dated">The stored version's updated date, else its published date: what a replayed push is older than.</param>
internal sealed record StoredIdentity(long Seq, string? SourceId, string CanonicalUrl, string Hash, DateTimeOffset FirstSeen, DateTimeOffset? Dated = null)
{
    /// <summary>True when the candidate is dated, and dated before this stored version.</summary>
    public static bool IsOlder(ArticleCandidate candidate, DateTimeOffset? stored) =>
        (candidate.Updated ?? candidate.Published) is { } incoming && stored is { } current && incoming < current;
}
