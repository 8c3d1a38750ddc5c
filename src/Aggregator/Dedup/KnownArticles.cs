using Aggregator.Normalize;

namespace Aggregator.Dedup;

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

    /// <summary>
    /// Records what this poll just stored (<paramref name="previous"/>: the version it replaced), so the same entry
    /// again later in the same feed is this article as it now is, as it would be on the next poll.
    /// </summary>
    public void Stored(StoredIdentity? previous, StoredIdentity current)
    {
        if (previous is not null && previous.CanonicalUrl != current.CanonicalUrl
            && _byUrl.TryGetValue(previous.CanonicalUrl, out var atOldUrl) && atOldUrl.Seq == previous.Seq)
        {
            _byUrl.Remove(previous.CanonicalUrl);
        }
        if (current.SourceId is not null)
        {
            _bySource[current.SourceId] = current;
        }
        // A URL stays with its earliest article: a newer one sharing it does not take it over.
        if (!_byUrl.TryGetValue(current.CanonicalUrl, out var first) || first.Seq == current.Seq)
        {
            _byUrl[current.CanonicalUrl] = current;
        }
    }

    public StoredIdentity? Find(ArticleCandidate candidate) =>
        candidate.SourceId is not null && _bySource.TryGetValue(candidate.SourceId, out var bySource) ? bySource
        : _byUrl.GetValueOrDefault(candidate.CanonicalUrl);

    /// <summary>The candidates none of these articles is: what costly work (a page fetch) is still to be done for.</summary>
    public IReadOnlySet<ArticleCandidate> Unknown(IEnumerable<ArticleCandidate> candidates)
    {
        var unknown = new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance);
        foreach (var candidate in candidates)
        {
            if (Find(candidate) is null)
            {
                unknown.Add(candidate);
            }
        }
        return unknown;
    }
}
