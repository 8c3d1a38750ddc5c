using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    private HeldWriter? _writer;
    private int _writersOpened;

    /// <summary>Writer connections opened so far (tests: one for a run of commits, another after a failed one).</summary>
    internal int WritersOpened => Volatile.Read(ref _writersOpened);

    /// <summary>
    /// The connection group commits run on, with the ingest's statements still compiled from the last commit (issue 23).
    /// A commit on a connection from the pool compiled its dozen statements again (the article insert alone: its
    /// indexes, foreign keys, generated column and RETURNING), ran the open's PRAGMAs, and often got another physical
    /// connection than the last commit's, whose page cache another writer's commit had made stale, so the random-order
    /// index pages the last commit had just read were read from the file again. Only the writer (under
    /// <see cref="_writeLock"/>) uses it. Opened on the first commit, dropped after a failed one (the next opens afresh)
    /// and when the store is disposed.
    /// </summary>
    private async Task<HeldWriter> WriterAsync(CancellationToken ct)
    {
        if (_writer is { } writer && writer.Pragmas == _connectionPragmas)
        {
            return writer;
        }
        // A bound changed since the connection opened (tests lower it): a new connection takes the PRAGMAs as any open does.
        DropWriter();
        var pragmas = _connectionPragmas;
        _writer = new HeldWriter(await OpenAsync(ct), pragmas);
        Interlocked.Increment(ref _writersOpened);
        return _writer;
    }

    /// <summary>Finalizes the held statements and gives the connection back (to the pool, which keeps it or closes it).</summary>
    private void DropWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>
    /// The writer's connection and its statements (<see cref="IngestStatements"/>). They are made again when the schema
    /// changed since they were compiled (a migration, or a test's older schema): SQLite recompiles a statement by itself,
    /// but which topic table the memberships go to is decided when their statements are made.
    /// </summary>
    private sealed class HeldWriter(SqliteConnection connection, string pragmas) : IDisposable
    {
        private readonly RawStatement _schemaVersion = new(connection, "PRAGMA schema_version;");
        private IngestStatements? _statements;
        private long _statementsSchema;
        private bool _statementsThroughView;

        public SqliteConnection Connection => connection;

        /// <summary>The PRAGMAs the connection was opened with.</summary>
        public string Pragmas => pragmas;

        /// <summary>The statements for the transaction just begun (read inside it, so no migration runs meanwhile).</summary>
        public IngestStatements StatementsFor(bool topicsThroughView)
        {
            var schema = _schemaVersion.Run() ?? 0;
            if (_statements is null || schema != _statementsSchema || topicsThroughView != _statementsThroughView)
            {
                _statements?.Dispose();
                _statements = new IngestStatements(connection, topicsThroughView);
                (_statementsSchema, _statementsThroughView) = (schema, topicsThroughView);
            }
            _statements.BeginTransaction();
            return _statements;
        }

        public void Dispose()
        {
            // Finalized before the connection closes: an unfinalized statement would keep it open as a zombie.
            _statements?.Dispose();
            _schemaVersion.Dispose();
            connection.Dispose();
        }
    }
}
