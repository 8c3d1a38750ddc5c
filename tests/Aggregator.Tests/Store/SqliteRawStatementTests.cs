using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// The raw road the per-article statements take (<see cref="RawStatement"/>): what it binds must reach SQLite as the
/// command's parameters did, and what it reads must come back as <see cref="StoredRows"/> read it.
/// </summary>
public sealed class SqliteRawStatementTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _folder.File("raw.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public static TheoryData<long[]> Arrays => new()
    {
        Array.Empty<long>(),
        new[] { 0L },
        new[] { long.MinValue, -1, 0, 1, long.MaxValue },
        // Past the buffer's first size, so it grows while the array is written.
        Enumerable.Range(0, 5_000).Select(i => (long)i * 1_000_003 - 2_500_000_000L).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Arrays))]
    public async Task AJsonArray_IsReadByJsonEachAsTheIntegersBound(long[] values)
    {
        await using var connection = await OpenAsync();
        using var statement = new RawStatement(connection, "SELECT value FROM json_each($values) ORDER BY key;");
        statement.BindJsonArray(statement.Index("$values"), values);

        var read = statement.Rows(row => row.Int64(0));

        Assert.Equal(values, read);
    }

    [Fact]
    public async Task AShorterArrayAfterALongerOne_IsBoundAlone()
    {
        await using var connection = await OpenAsync();
        using var statement = new RawStatement(connection, "SELECT json_array_length($values), (SELECT sum(value) FROM json_each($values));");
        var index = statement.Index("$values");
        statement.BindJsonArray(index, [.. Enumerable.Range(1, 300).Select(i => (long)i)]);
        Assert.Equal(300L, statement.First(row => row.Int64(0)));

        statement.BindJsonArray(index, [7, 8]);

        Assert.Equal((2L, 15L), statement.First(row => (row.Int64(0), row.Int64(1))));
    }

    [Fact]
    public async Task Rows_AreEveryRowInOrder_AndTheStatementRunsAgain()
    {
        await using var connection = await OpenAsync();
        using var statement = new RawStatement(connection,
            "WITH RECURSIVE s(value) AS (SELECT $from UNION ALL SELECT value + 1 FROM s WHERE value < $to) SELECT value, 'n' || value FROM s;");
        var (from, to) = (statement.Index("$from"), statement.Index("$to"));
        statement.Bind(from, 3L);
        statement.Bind(to, 6L);
        Assert.Equal([(3L, "n3"), (4L, "n4"), (5L, "n5"), (6L, "n6")], statement.Rows(row => (row.Int64(0), row.Text(1))));

        statement.Bind(to, 2L);

        Assert.Equal([(3L, "n3")], statement.Rows(row => (row.Int64(0), row.Text(1))));
    }

    [Fact]
    public async Task APackedTextColumn_ReadsAsStoredRowsReadsIt()
    {
        var text = string.Concat(Enumerable.Repeat("Un texte assez long pour être compressé, répété. ", 40));
        Assert.True(PackedText.TryPack(text, out var packed, out var length));
        var bytes = packed.AsSpan(0, length).ToArray();
        await using var connection = await OpenAsync();
        await RawSqlite.ExecuteAsync(connection, "CREATE TABLE t (n INTEGER, body);");
        await RawSqlite.ExecuteAsync(connection, "INSERT INTO t VALUES (1, NULL), (2, 'court, en clair'), (3, $packed);", ("$packed", bytes));

        using var statement = new RawStatement(connection, "SELECT body FROM t ORDER BY n;");
        var raw = statement.Rows(row => row.PackedTextColumn(0));

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM t ORDER BY n;";
        await using var reader = await command.ExecuteReaderAsync();
        var throughCommand = await StoredRows.ListAsync(reader, r => StoredRows.Text(r, 0), CancellationToken.None);
        Assert.Equal([null, "court, en clair", text], raw);
        Assert.Equal(throughCommand, raw);
    }
}
