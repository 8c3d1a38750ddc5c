using Aggregator.Dedup;
using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>
/// The near-duplicate index of a worker sharing the database: each keeps its own and, holding the
/// ingest lock, first catches it up with every article any worker stored or edited since (by
/// revision). And what `explain` reads of a cluster.
/// </summary>
public sealed partial class PostgresStore
{
    private NearDuplicateIndex? _index;
    private long _indexedRevision;

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

    public Task<IReadOnlyList<ClusterMember>> GetClusterAsync(string articleId, CancellationToken ct) =>
        ReadAsync(connection => StoredReads.ClusterAsync(connection, articleId, ct), ct);
}
