using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// The ingest's raw statements on one connection, each compiled on first use: the per-article ones
    /// (<see cref="ArticleInsert"/>, <see cref="TopicMembers"/>) and the per-poll tombstone check. The writer keeps them
    /// from one commit to the next (<see cref="HeldWriter"/>); a lookup before a poll makes its own and drops them.
    /// </summary>
    private sealed class IngestStatements(SqliteConnection connection, bool topicsThroughView) : IDisposable
    {
        private ArticleInsert? _inserts;
        private TopicMembers? _topics;
        private RawStatement? _tombstones;
        private int _tombstonesOutlet;

        public ArticleInsert Inserts => _inserts ??= new ArticleInsert(connection);

        public TopicMembers Topics => _topics ??= new TopicMembers(connection, topicsThroughView);

        /// <summary>A new transaction: topic numbers handed out by the last one may have been rolled back.</summary>
        public void BeginTransaction() => _topics?.ForgetNumbers();

        /// <summary>Whether the outlet has any tombstone, on <c>ix_tombstones_url</c>.</summary>
        public bool HasTombstones(string outletId)
        {
            if (_tombstones is null)
            {
                _tombstones = new RawStatement(connection, "SELECT 1 FROM tombstones WHERE outlet_id = $outlet LIMIT 1;");
                _tombstonesOutlet = _tombstones.Index("$outlet");
            }
            _tombstones.Bind(_tombstonesOutlet, outletId);
            return _tombstones.Run() is not null;
        }

        public void Dispose()
        {
            _inserts?.Dispose();
            _topics?.Dispose();
            _tombstones?.Dispose();
        }
    }
}
