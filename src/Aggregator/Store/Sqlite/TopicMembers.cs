using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// One transaction's writes of topic memberships, straight into <c>topic_members</c> (issue 23). Through the
/// <c>article_topics</c> view every membership ran its INSTEAD OF trigger: a trigger program, an insert into
/// <c>topic_names</c> that nearly always did nothing, and a lookup of the name, 3.4 times per article. Here a name is
/// looked up (and numbered, the first time any writer sees it) once per transaction, and a membership is one insert.
/// Names are numbered in the order they are first met, as the trigger numbers them, so both write the same rows; the
/// view and its triggers stay for readers and any other writer.
/// </summary>
/// <remarks>
/// The numbers are kept for this transaction only: the store has one writer, so no other connection numbers a name
/// while it is open, and a rollback discards this object with the numbers it handed out.
/// </remarks>
internal sealed class TopicMembers : IDisposable
{
    // OR IGNORE as the view's insert was: a topic listed twice for an article, or an article re-matched, is one membership.
    private const string InsertSql = "INSERT OR IGNORE INTO topic_members (topic, sort_time, article_seq) VALUES ($topic, $sort, $seq);";
    private const string DeleteSql = "DELETE FROM topic_members WHERE article_seq = $seq;";
    private const string FindSql = "SELECT num FROM topic_names WHERE id = $id;";
    private const string NumberSql = "INSERT INTO topic_names (id) VALUES ($id) RETURNING num;";

    // The view's statements, which the ingest ran before: kept so a test can hold the two paths' rows side by side.
    private const string ViewInsertSql = "INSERT OR IGNORE INTO article_topics (topic_id, article_seq, sort_time) VALUES ($topic, $seq, $sort);";
    private const string ViewDeleteSql = "DELETE FROM article_topics WHERE article_seq = $seq;";

    private readonly RawStatement _insert, _delete;
    private readonly RawStatement? _find, _number;
    private readonly int _topic, _sort, _seq, _deleteSeq, _findId, _numberId;
    private readonly Dictionary<string, long> _numbers = new(StringComparer.Ordinal);
    private readonly bool _throughView;

    /// <param name="connection">The writer's connection, in its transaction.</param>
    /// <param name="throughView">Through the view's triggers, as before (<see cref="SqliteStore.WriteTopicsThroughView"/>).</param>
    public TopicMembers(SqliteConnection connection, bool throughView = false)
    {
        // A store not yet migrated to topic numbers has article_topics as a table, which these statements write as before.
        _throughView = throughView || !HasTopicNumbers(connection);
        _insert = new RawStatement(connection, _throughView ? ViewInsertSql : InsertSql);
        _delete = new RawStatement(connection, _throughView ? ViewDeleteSql : DeleteSql);
        (_topic, _sort, _seq) = (_insert.Index("$topic"), _insert.Index("$sort"), _insert.Index("$seq"));
        _deleteSeq = _delete.Index("$seq");
        if (!_throughView)
        {
            _find = new RawStatement(connection, FindSql);
            _number = new RawStatement(connection, NumberSql);
            (_findId, _numberId) = (_find.Index("$id"), _number.Index("$id"));
        }
    }

    /// <summary>How many names were looked up in <c>topic_names</c> (each once per transaction); for tests and benches.</summary>
    public int Lookups { get; private set; }

    public void Insert(long seq, IReadOnlyList<string> topics, long sortTime)
    {
        if (topics.Count == 0)
        {
            return;
        }
        _insert.Bind(_seq, seq);
        _insert.Bind(_sort, sortTime);
        foreach (var topic in topics)
        {
            if (_throughView)
            {
                _insert.Bind(_topic, topic);
            }
            else
            {
                _insert.Bind(_topic, NumberOf(topic));
            }
            _insert.Run();
        }
    }

    /// <summary>Every membership of the article, on ix_topic_members_article (the view's delete found them by name).</summary>
    public void Delete(long seq)
    {
        _delete.Bind(_deleteSeq, seq);
        _delete.Run();
    }

    private static bool HasTopicNumbers(SqliteConnection connection)
    {
        using var schema = new RawStatement(connection, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'topic_members';");
        return schema.Run() is not null;
    }

    private long NumberOf(string topic)
    {
        if (_numbers.TryGetValue(topic, out var number))
        {
            return number;
        }
        Lookups++;
        _find!.Bind(_findId, topic);
        if (_find.Run() is not { } found)
        {
            _number!.Bind(_numberId, topic);
            found = _number.Run() ?? throw new InvalidOperationException("numbering a topic returned no number");
        }
        _numbers.Add(topic, found);
        return found;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _delete.Dispose();
        _find?.Dispose();
        _number?.Dispose();
    }
}
