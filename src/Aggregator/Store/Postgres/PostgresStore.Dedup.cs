using Aggregator.Dedup;
using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>
/// Identity across outlets, decided once when an article arrives, by the same rules as the SQLite
/// store (same canonical URL; then the same or nearly the same text, confirmed by comparing the
/// texts). Each worker keeps its own near-duplicate index and, holding the ingest lock, first
/// catches it up with every article any worker stored or edited since (by revision).
/// </summary>
public sealed partial class PostgresStore
{
    private NearDuplicateIndex? _index;
    private long _indexedRevision;

    private static async Task<ClusterChoice?> FindClusterAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ArticleCandidate candidate, ArticleText text, TextIdentity identity,
        NearDuplicateIndex index, DuplicatePolicy? policy, CancellationToken ct)
    {
        await using (var sameUrl = new NpgsqlCommand(
            "SELECT cluster_id, id FROM articles WHERE canonical_url = @url AND outlet_id <> @outlet ORDER BY seq LIMIT 1;", connection, tx))
        {
            sameUrl.Parameters.Add(Text("url", candidate.CanonicalUrl));
            sameUrl.Parameters.Add(Text("outlet", candidate.OutletId));
            await using var reader = await sameUrl.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return ClusterChoice.SameUrl(reader.GetString(0), reader.GetString(1));
            }
        }
        if (policy is null)
        {
            return null;
        }

        // Other outlets only: an outlet's own similar items (a weekly series) are its own business.
        await using var command = new NpgsqlCommand($"""
            SELECT {StoredRows.CandidateColumns} FROM articles
            WHERE outlet_id <> @outlet AND (fingerprint = @fingerprint OR seq = ANY(@proposed))
            ORDER BY seq
            LIMIT @max;
            """, connection, tx);
        command.Parameters.Add(Text("outlet", candidate.OutletId));
        command.Parameters.Add(Text("fingerprint", identity.Fingerprint));
        command.Parameters.Add(LongArray("proposed", index.Candidates(identity.Signature).ToList()));
        command.Parameters.Add(Long("max", ClusterChoice.MaxCandidates));
        List<StoredText> candidates;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            candidates = await StoredRows.ListAsync(reader, StoredRows.CandidateText, ct);
        }
        return ClusterChoice.FirstDuplicate(text, candidates, policy);
    }

    /// <summary>
    /// Loads the index on the first poll that needs it, then adds what was stored or edited since
    /// the last call, by any worker. Called only under the ingest lock, which every article write
    /// holds until commit, so revisions become visible in order and none is skipped.
    /// </summary>
    private async Task<NearDuplicateIndex> CatchUpIndexAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT seq, signature, revision FROM articles WHERE revision > @after ORDER BY revision;", connection, tx);
        command.Parameters.Add(Long("after", _indexedRevision));
        var entries = new List<KeyValuePair<long, NearDuplicateSignature>>();
        var last = _indexedRevision;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                entries.Add(KeyValuePair.Create(reader.GetInt64(0), NearDuplicateSignature.FromBytes((byte[])reader.GetValue(1))));
                last = reader.GetInt64(2);
            }
        }
        if (_index is null)
        {
            var index = new NearDuplicateIndex();
            index.Load(entries);
            _index = index;
        }
        else
        {
            foreach (var (seq, signature) in entries)
            {
                _index.Add(seq, signature);
            }
        }
        _indexedRevision = last;
        return _index;
    }

    public async Task<IReadOnlyList<ClusterMember>> GetClusterAsync(string articleId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT {StoredRows.ClusterMemberColumns}
            FROM articles a
            WHERE a.cluster_id = (SELECT cluster_id FROM articles WHERE id = @id)
            ORDER BY a.seq;
            """, connection);
        command.Parameters.Add(Text("id", articleId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var members = new List<ClusterMember>();
        while (await reader.ReadAsync(ct))
        {
            members.Add(StoredRows.ClusterMember(reader, shown: members.Count == 0));
        }
        return members;
    }
}
