using Npgsql;

namespace Aggregator.Store.Postgres;

public sealed partial class PostgresStore
{
    private readonly PlannerStatistics _statistics = new();

    /// <summary>
    /// Keeps the planner's picture of <c>articles</c> near the table's size without waiting for autovacuum (issue 23). A
    /// new database's first round fills the table from nothing, and autovacuum analyzes it only when its launcher next
    /// visits the database (every <c>autovacuum_naptime</c>, a minute by default): until then every ingest statement is
    /// planned for a table the planner knows nothing of, and how much of a round runs that way depended on the machine's
    /// pace (a quiet cold poll cost about three times a loaded one). So once this worker's polls have written as many
    /// articles as the planner last knew of (past a floor below which every plan is cheap), the store analyzes the table
    /// itself: at most once per doubling, a handful of times while a table grows to its first 100,000 rows.
    /// </summary>
    private sealed class PlannerStatistics
    {
        /// <summary>Below this many rows a scan costs about what a lookup does, so no plan is worth an ANALYZE.</summary>
        internal const long FloorRows = 2_000;

        // The columns ingest statements filter, join or order on. The text columns and the search vector, whose
        // statistics cost most to gather and that no ingest statement filters on, are left to autovacuum, whose own
        // analyze still comes: an ANALYZE with a column list does not reset its count of changed rows.
        private const string AnalyzeSql =
            "ANALYZE articles (seq, id, outlet_id, source_id, canonical_url, fingerprint, cluster_id, revision, sort_time, first_seen);";

        // Only read and written inside the worker's ingest turn, one poll at a time.
        private long _known;
        private long _written;

        /// <summary>
        /// After a poll committed <paramref name="written"/> new articles: analyzes <c>articles</c> when this worker has
        /// written at least as many rows as the planner knew of since it last looked. Another worker's or autovacuum's
        /// analyze in the meantime counts as this one (the planner's count moved): then nothing runs.
        /// </summary>
        public async Task AfterPollAsync(NpgsqlConnection connection, int written, CancellationToken ct)
        {
            _written += written;
            if (_written < Math.Max(_known, FloorRows))
            {
                return;
            }
            try
            {
                var planned = await PlannedRowsAsync(connection, ct);
                if (planned == _known)
                {
                    await ExecuteAsync(connection, null, AnalyzeSql, ct);
                    planned = await PlannedRowsAsync(connection, ct);
                }
                _known = planned;
                _written = 0;
            }
            catch (Exception e) when (e is NpgsqlException || (e is OperationCanceledException && ct.IsCancellationRequested))
            {
                // The poll is committed and must be reported as stored; statistics only make later plans better, and
                // autovacuum still brings them. Nothing is reset, so the next poll of this worker tries again.
            }
        }

        /// <summary>The planner's row count of <c>articles</c>: 0 until the table was first analyzed or vacuumed.</summary>
        private static async Task<long> PlannedRowsAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            await using var command = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'articles'::regclass;", connection);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
    }
}
