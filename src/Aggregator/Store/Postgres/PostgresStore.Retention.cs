using Aggregator.Model;
using Aggregator.Normalize;
using Npgsql;

namespace Aggregator.Store.Postgres;

/// <summary>
/// Retention on the shared store: the same rules as SQLite's (SqliteStore.Retention.cs). Each batch holds
/// the ingest lock, so no worker decides an entry's identity while its article turns into a tombstone.
/// Space comes back through PostgreSQL's autovacuum, not here.
/// </summary>
public sealed partial class PostgresStore
{
    /// <summary>
    /// The candidates that are pruned articles (guid, else canonical URL, inside the outlet) and not live
    /// ones, in one round trip. With <paramref name="listedAt"/>, their tombstones are marked as listed then.
    /// </summary>
    private static async Task<HashSet<ArticleCandidate>> RetiredAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string outletId, IReadOnlyList<ArticleCandidate> candidates,
        DateTimeOffset? listedAt, CancellationToken ct)
    {
        var retired = new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance);
        if (candidates.Count == 0)
        {
            return retired;
        }
        await using var command = new NpgsqlCommand("""
            WITH c AS (
                SELECT * FROM unnest(@sources, @urls) WITH ORDINALITY AS c(source_id, canonical_url, i)
            ), hit AS (
                SELECT c.i, c.source_id, c.canonical_url FROM c
                WHERE EXISTS (SELECT 1 FROM tombstones t WHERE t.outlet_id = @outlet
                                AND (t.source_id = c.source_id OR t.canonical_url = c.canonical_url))
                  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.outlet_id = @outlet AND a.source_id = c.source_id)
                  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.outlet_id = @outlet AND a.canonical_url = c.canonical_url)
            ), touched AS (
                UPDATE tombstones t SET last_listed = @now FROM hit
                WHERE @now IS NOT NULL AND t.outlet_id = @outlet
                  AND (t.source_id = hit.source_id OR t.canonical_url = hit.canonical_url)
            )
            SELECT i FROM hit;
            """, connection, tx);
        command.Parameters.Add(Text("outlet", outletId));
        command.Parameters.Add(new NpgsqlParameter("sources", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
        {
            Value = candidates.Select(c => (object?)c.SourceId ?? DBNull.Value).ToArray(),
        });
        command.Parameters.Add(TextArray("urls", candidates.Select(c => c.CanonicalUrl).ToList()));
        command.Parameters.Add(Time("now", listedAt));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            retired.Add(candidates[(int)reader.GetInt64(0) - 1]);
        }
        return retired;
    }

    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var before = await DatabaseSizeAsync(ct);
            int pruned = 0, dropped = 0;
            foreach (var outlet in await OutletIdsAsync(ct))
            {
                var cutoff = (now - policy.For(outlet)).ToUnixTimeMilliseconds();
                int batch;
                do
                {
                    batch = await PruneBatchAsync(outlet, cutoff, policy.KeepFor(outlet), now, ct);
                    pruned += batch;
                }
                while (batch == RetentionPolicy.BatchSize);
                do
                {
                    await using var connection = await OpenAsync(ct);
                    await using var command = new NpgsqlCommand("""
                        DELETE FROM tombstones WHERE ctid IN
                            (SELECT ctid FROM tombstones WHERE outlet_id = @outlet AND last_listed < @cutoff LIMIT @batch);
                        """, connection);
                    command.Parameters.Add(Text("outlet", outlet));
                    command.Parameters.Add(Long("cutoff", cutoff));
                    command.Parameters.Add(Long("batch", RetentionPolicy.BatchSize));
                    batch = await command.ExecuteNonQueryAsync(ct);
                    dropped += batch;
                }
                while (batch == RetentionPolicy.BatchSize);
            }
            foreach (var outlet in await OutletIdsAsync(ct))
            {
                if (policy.IsRemoved(outlet))
                {
                    await ForgetOutletAsync(outlet, ct);
                }
            }
            return new PruneResult(pruned, dropped, Math.Max(0, before - await DatabaseSizeAsync(ct)));
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>
    /// An outlet gone from feeds.json whose last article and tombstone retention has taken: its state row, its poll history
    /// and the fingerprints of its last read go too, as on SQLite, so outlets added, renamed and removed over a year do not
    /// leave a row each. An outlet added back starts afresh.
    /// </summary>
    private async Task ForgetOutletAsync(string outletId, CancellationToken ct)
    {
        using var turn = await TakeIngestTurnAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await TakeIngestLockAsync(connection, tx, ct);
        await using var command = new NpgsqlCommand("""
            DELETE FROM outlets WHERE id = @outlet
              AND NOT EXISTS (SELECT 1 FROM articles WHERE outlet_id = @outlet)
              AND NOT EXISTS (SELECT 1 FROM tombstones WHERE outlet_id = @outlet);
            """, connection, tx);
        command.Parameters.Add(Text("outlet", outletId));
        if (await command.ExecuteNonQueryAsync(ct) == 0)
        {
            return;
        }
        // The seen-entries setting's key is the pipeline's ("entries:" and the outlet's id, Pipeline/SeenEntries); a failing
        // subscription's is WebSubSubscriber.FailureKey's ("websub-failure:"), which the store cannot name (a later stage).
        command.CommandText = """
            DELETE FROM poll_log WHERE outlet_id = @outlet;
            DELETE FROM settings WHERE key = 'entries:' || @outlet;
            DELETE FROM settings WHERE key = 'websub-failure:' || @outlet;
            """;
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task<int> PruneBatchAsync(string outletId, long cutoff, int keep, DateTimeOffset now, CancellationToken ct)
    {
        using var turn = await TakeIngestTurnAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await TakeIngestLockAsync(connection, tx, ct);
        // Topic memberships go with the article (ON DELETE CASCADE), as does every table referencing articles(seq).
        await using var command = new NpgsqlCommand("""
            WITH doomed AS (
                SELECT seq FROM articles
                WHERE outlet_id = @outlet AND sort_time < @cutoff
                  AND seq NOT IN (SELECT seq FROM articles WHERE outlet_id = @outlet ORDER BY sort_time DESC, seq DESC LIMIT @keep)
                ORDER BY sort_time, seq
                LIMIT @batch
            ), gone AS (
                DELETE FROM articles WHERE seq IN (SELECT seq FROM doomed)
                RETURNING seq, outlet_id, source_id, canonical_url, fingerprint
            ), kept AS (
                INSERT INTO tombstones (outlet_id, source_id, canonical_url, fingerprint, pruned_at, last_listed)
                SELECT outlet_id, source_id, canonical_url, fingerprint, @now, @now FROM gone
            )
            SELECT seq FROM gone;
            """, connection, tx);
        command.Parameters.Add(Text("outlet", outletId));
        command.Parameters.Add(Long("cutoff", cutoff));
        command.Parameters.Add(Long("keep", keep));
        command.Parameters.Add(Long("batch", RetentionPolicy.BatchSize));
        command.Parameters.Add(Time("now", now));
        var seqs = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                seqs.Add(reader.GetInt64(0));
            }
        }
        await tx.CommitAsync(ct);
        foreach (var seq in seqs)
        {
            // This worker's duplicate index; the others' keep the signature until they restart (a lookup of a deleted seq finds nothing).
            _index?.Remove(seq);
        }
        return seqs.Count;
    }

    private Task<List<string>> OutletIdsAsync(CancellationToken ct) => ReadAsync(connection => StoredReads.OutletIdsAsync(connection, ct), ct);

    private async Task<long> DatabaseSizeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database());", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<StoreStats> GetStatsAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            // The oldest per outlet, each from the (outlet_id, sort_time) index, instead of a scan of every article.
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM articles),
                       (SELECT count(*) FROM tombstones),
                       (SELECT min((SELECT min(sort_time) FROM articles WHERE outlet_id = o.id)) FROM outlets o),
                       pg_database_size(current_database());
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.StatsAsync(reader, ct);
        }
        catch (NpgsqlException e)
        {
            throw Translate(e);
        }
    }
}
