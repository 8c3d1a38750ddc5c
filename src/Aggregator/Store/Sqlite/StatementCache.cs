using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The statements of one transaction, each compiled once and run again with new values. A poll stores its fifty
/// articles with the same half-dozen statements; compiling each anew for every article was time spent holding the
/// store's single writer. Parameters keep the values of the last run: set every one with <see cref="Bind"/>.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection, SqliteTransaction? tx) : IAsyncDisposable
{
    public SqliteConnection Connection => connection;

    public SqliteTransaction? Transaction => tx;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, made on first use.</summary>
    public SqliteCommand For(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return command;
    }

    /// <summary>Sets a parameter of <paramref name="command"/>, adding it on the command's first run.</summary>
    public static void Bind(SqliteCommand command, string name, object value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0)
        {
            parameters[index].Value = value;
        }
        else
        {
            parameters.AddWithValue(name, value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
    }
}
