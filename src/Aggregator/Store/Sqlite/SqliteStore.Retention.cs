using Aggregator.Model;
using Aggregator.Normalize;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// Retention: old articles deleted in small transactions, each leaving a tombstone (its guid, canonical
/// URL and fingerprint) that keeps an outlet still listing it from bringing it back as new; tombstones
/// dropped once not listed for a whole retention period; pages given back by incremental vacuum.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>Pages returned to the file system per write-lock hold (8 MB), so a large prune never stalls polls.</summary>
    private const int VacuumPagesPerStep = 2048;

    /// <summary>
    /// The poll's candidates that are pruned articles (matched by CONTRACT §5's rules: guid, else canonical
    /// URL, inside the outlet) and not live ones; their tombstones are marked as listed now. Called once
    /// per poll, where entries are matched to known articles, before anything is inserted.
    /// </summary>
    private static async Task<IReadOnlySet<ArticleCandidate>> RetiredAsync(
        StatementCache statements, IReadOnlyList<ArticleCandidate> candidates, DateTimeOffset? listedAt, CancellationToken ct)
    {
        var retired = new HashSet<ArticleCandidate>(ReferenceEqualityComparer.Instance);
        if (listedAt is null)
        {
            foreach (var candidate in candidates)
            {
                if (await IsRetiredAsync(statements, candidate, ct))
                {
                    retired.Add(candidate);
                }
            }
            return retired;
        }
        var command = statements.For("""
            UPDATE tombstones SET last_listed = $now
            WHERE outlet_id = $outlet AND (source_id = $source OR canonical_url = $url)
              AND NOT EXISTS (SELECT 1 FROM articles WHERE outlet_id = $outlet AND source_id = $source)
              AND NOT EXISTS (SELECT 1 FROM articles WHERE url_key = $url_key AND canonical_url = $url AND +outlet_id = $outlet);
            """);
        foreach (var candidate in candidates)
        {
            StatementCache.Bind(command, "$now", ToUnixMs(listedAt.Value));
            StatementCache.Bind(command, "$outlet", candidate.OutletId);
            StatementCache.Bind(command, "$source", DbValue(candidate.SourceId));
            StatementCache.Bind(command, "$url", candidate.CanonicalUrl);
            StatementCache.Bind(command, "$url_key", UrlKey(candidate.CanonicalUrl));
            if (await command.ExecuteNonQueryAsync(ct) > 0)
            {
                retired.Add(candidate);
            }
        }
        return retired;
    }

    /// <summary>True when a candidate no live article matches is a pruned one (read only: for lookups before a poll is saved).</summary>
    private static async Task<bool> IsRetiredAsync(StatementCache statements, ArticleCandidate candidate, CancellationToken ct)
    {
        var command = statements.For("""
            SELECT EXISTS (SELECT 1 FROM tombstones WHERE outlet_id = $outlet AND (source_id = $source OR canonical_url = $url));
            """);
        StatementCache.Bind(command, "$outlet", candidate.OutletId);
        StatementCache.Bind(command, "$source", DbValue(candidate.SourceId));
        StatementCache.Bind(command, "$url", candidate.CanonicalUrl);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var before = await SizeAsync(ct);
            int pruned = 0, dropped = 0;
            foreach (var outlet in await OutletIdsAsync(ct))
            {
                var cutoff = ToUnixMs(now - policy.For(outlet));
                int batch;
                do
                {
                    batch = await PruneBatchAsync(outlet, cutoff, policy.KeepFor(outlet), now, ct);
                    pruned += batch;
                }
                while (batch == RetentionPolicy.BatchSize);
                do
                {
                    batch = await WriteBatchAsync("""
                        DELETE FROM tombstones WHERE rowid IN
                            (SELECT rowid FROM tombstones WHERE outlet_id = $outlet AND last_listed < $cutoff LIMIT $batch);
                        """, outlet, cutoff, ct);
                    dropped += batch;
                }
                while (batch == RetentionPolicy.BatchSize);
            }
            var forgotten = 0;
            foreach (var outlet in await OutletIdsAsync(ct))
            {
                if (policy.IsRemoved(outlet))
                {
                    forgotten += await ForgetOutletAsync(outlet, ct);
                }
            }
            // Free pages of a prune that deleted nothing come from the store's own churn (search-index merges, updated
            // rows), which it reuses; returning them would end in a checkpoint of the whole log, and the first prune comes
            // 5 s into `run`'s first round, where that copied the bulk round's log mid-round (issue 23).
            if (pruned > 0 || dropped > 0 || forgotten > 0)
            {
                await VacuumAsync(ct);
            }
            return new PruneResult(pruned, dropped, Math.Max(0, before - await SizeAsync(ct)));
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    private async Task<int> PruneBatchAsync(string outletId, long cutoff, int keep, DateTimeOffset now, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var seqs = new List<long>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = tx;
                // The outlet's newest `keep` are never candidates, however old.
                select.CommandText = """
                    SELECT seq FROM articles
                    WHERE outlet_id = $outlet AND sort_time < $cutoff
                      AND seq NOT IN (SELECT seq FROM articles WHERE outlet_id = $outlet ORDER BY sort_time DESC, seq DESC LIMIT $keep)
                    ORDER BY sort_time, seq
                    LIMIT $batch;
                    """;
                select.Parameters.AddWithValue("$outlet", outletId);
                select.Parameters.AddWithValue("$cutoff", cutoff);
                select.Parameters.AddWithValue("$keep", keep);
                select.Parameters.AddWithValue("$batch", RetentionPolicy.BatchSize);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    seqs.Add(reader.GetInt64(0));
                }
            }
            if (seqs.Count == 0)
            {
                return 0;
            }
            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = tx;
                // Topic memberships go with the article (ON DELETE CASCADE), as does every table referencing articles(seq).
                delete.CommandText = """
                    INSERT INTO tombstones (outlet_id, source_id, canonical_url, fingerprint, pruned_at, last_listed)
                    SELECT outlet_id, source_id, canonical_url, iif(fingerprint_key IS NULL, NULL, printf('%016x', fingerprint_key)), $now, $now FROM articles
                    WHERE seq IN (SELECT value FROM json_each($seqs));
                    DELETE FROM articles WHERE seq IN (SELECT value FROM json_each($seqs));
                    """;
                delete.Parameters.AddWithValue("$now", ToUnixMs(now));
                delete.Parameters.AddWithValue("$seqs", JsonSerializer.Serialize(seqs, StoreJson.Default.IReadOnlyListInt64));
                await delete.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            foreach (var seq in seqs)
            {
                // The duplicate index would otherwise keep every signature ever stored, in memory.
                _index?.Remove(seq);
            }
            return seqs.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// An outlet gone from feeds.json whose last article and tombstone retention has taken: its state row, its 48 hours of
    /// poll history and the fingerprints of its last read go too, so a year of outlets added, renamed and removed does not
    /// leave a row per outlet ever configured. Returns 1 when it was forgotten. An outlet added back starts afresh.
    /// </summary>
    private async Task<int> ForgetOutletAsync(string outletId, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                DELETE FROM outlets WHERE id = $outlet
                  AND NOT EXISTS (SELECT 1 FROM articles WHERE outlet_id = $outlet)
                  AND NOT EXISTS (SELECT 1 FROM tombstones WHERE outlet_id = $outlet);
                """;
            command.Parameters.AddWithValue("$outlet", outletId);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                return 0;
            }
            // The seen-entries setting's key is the pipeline's ("entries:" and the outlet's id, Pipeline/SeenEntries); a failing
            // subscription's is WebSubSubscriber.FailureKey's ("websub-failure:"), which the store cannot name (a later stage).
            command.CommandText = """
                DELETE FROM poll_log WHERE outlet_id = $outlet;
                DELETE FROM settings WHERE key = 'entries:' || $outlet;
                DELETE FROM settings WHERE key = 'websub-failure:' || $outlet;
                """;
            await command.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            return 1;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<int> WriteBatchAsync(string sql, string outletId, long cutoff, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$outlet", outletId);
            command.Parameters.AddWithValue("$cutoff", cutoff);
            command.Parameters.AddWithValue("$batch", RetentionPolicy.BatchSize);
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Returns free pages to the file system a few megabytes at a time, then folds the WAL back in.</summary>
    private async Task VacuumAsync(CancellationToken ct)
    {
        var free = long.MaxValue;
        while (true)
        {
            await _writeLock.WaitAsync(ct);
            try
            {
                await using var connection = await OpenAsync(ct);
                await using (var vacuum = connection.CreateCommand())
                {
                    vacuum.CommandText = $"PRAGMA incremental_vacuum({VacuumPagesPerStep});";
                    // Each step of the statement frees one page: read it to the end.
                    await using var reader = await vacuum.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                    }
                }
                var left = Convert.ToInt64(await ScalarAsync(connection, "PRAGMA freelist_count;", ct), CultureInfo.InvariantCulture);
                // Not incremental (a file the switch has not reached): nothing more will come back.
                if (left == 0 || left >= free)
                {
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    await using var reader = await checkpoint.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                    }
                    return;
                }
                free = left;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    private Task<List<string>> OutletIdsAsync(CancellationToken ct) => ReadAsync(connection => StoredReads.OutletIdsAsync(connection, ct), ct);

    private async Task<long> SizeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return Convert.ToInt64(await ScalarAsync(connection, SizeSql, ct), CultureInfo.InvariantCulture);
    }

    private const string SizeSql = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size();";

    public async Task<StoreStats> GetStatsAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = connection.BeginTransaction(deferred: true);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            // The oldest per outlet, each from the (outlet_id, sort_time) index, instead of a scan of every article.
            command.CommandText = $"""
                SELECT (SELECT count(*) FROM articles),
                       (SELECT count(*) FROM tombstones),
                       (SELECT min((SELECT min(sort_time) FROM articles WHERE outlet_id = o.id)) FROM outlets o),
                       ({SizeSql.TrimEnd(';')});
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await StoredRows.StatsAsync(reader, ct);
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }
}
