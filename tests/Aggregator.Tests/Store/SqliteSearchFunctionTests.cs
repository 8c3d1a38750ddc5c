using System.Buffers.Binary;
using Aggregator.Normalize;
using Aggregator.Store;
using Aggregator.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// The store's SQL function search_fold, called by SQLite from native code: a cold poll once died of a
/// NullReferenceException in SQLitePCL's callback bridge. These pin what made that possible: a registration redone on a
/// physical connection whose function was running (as a second owner's open does when the pool lends one connection
/// twice, dotnet/efcore#39008), a registration dropped on every return to the pool, and stored values the function
/// could not read.
/// </summary>
public sealed class SqliteSearchFunctionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string Pooled => new SqliteConnectionStringBuilder { DataSource = _folder.File("f.db"), Pooling = true }.ToString();

    [Fact]
    public async Task RegisteredAgainWhileItRuns_TheFunctionKeepsAnswering()
    {
        await using var connection = new SqliteConnection(Pooled);
        await connection.OpenAsync();
        await ExecAsync(connection, "CREATE TABLE t (title, summary, content);");
        for (var i = 0; i < 4; i++)
        {
            await ExecAsync(connection, $"INSERT INTO t VALUES ('Título {i}', 'Résumé {i}', '<p>Contenu {i}</p>');");
        }
        SqliteSearchIndex.Register(connection);

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSearchIndex.FunctionName}(title, summary, content) FROM t;";
        await using var reader = await command.ExecuteReaderAsync();
        var folded = new List<string>();
        Assert.True(await reader.ReadAsync());
        folded.Add(reader.GetString(0));
        // What a second owner's open does to the physical connection while this statement is mid-way. Before, SQLitePCL
        // freed the running function's handle and SQLite refused the new one (SQLITE_BUSY): the next row called through
        // the freed handle and the process died.
        SqliteSearchIndex.Register(connection);
        while (await reader.ReadAsync())
        {
            folded.Add(reader.GetString(0));
        }

        Assert.Equal(Enumerable.Range(0, 4).Select(i => SearchText.Fold($"Título {i}", $"Résumé {i}", $"<p>Contenu {i}</p>")), folded);
    }

    [Fact]
    public async Task BackFromThePool_ThePhysicalConnectionKeepsItsFunctions()
    {
        await using (var first = new SqliteConnection(Pooled))
        {
            await first.OpenAsync();
            SqliteSearchIndex.Register(first);
        }

        // The pool hands the same physical connection back: its function was neither dropped nor registered anew,
        // so no open or close touches a function another statement could be running.
        await using var again = new SqliteConnection(Pooled);
        await again.OpenAsync();
        Assert.True(ConnectionFunctions.Has(again, SqliteSearchIndex.FunctionName));
        await using var command = again.CreateCommand();
        command.CommandText = $"SELECT {SqliteSearchIndex.FunctionName}('A', NULL, 'b');";
        Assert.Equal(SearchText.Fold("A", null, "b"), await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task UnreadableStoredTexts_AreIndexedWithoutThemAndCounted()
    {
        await using var connection = new SqliteConnection(Pooled);
        await connection.OpenAsync();
        await ExecAsync(connection, "CREATE TABLE t (n INTEGER, title, summary, content);");
        var good = (byte[])PackedText.Pack(string.Concat(Enumerable.Repeat("Bonne nouvelle pour le budget. ", 10)))!;
        var notBrotli = (byte[])good.Clone();
        notBrotli.AsSpan(5).Fill(0xFF);
        var hostile = new Dictionary<string, object>
        {
            ["wrong format byte"] = new byte[] { 0x00, 1, 2, 3, 4, 5, 6 },
            ["too short"] = new byte[] { 0xB1, 1 },
            ["negative length"] = Header(-5, good),
            ["a header claiming 2 GB"] = Header(int.MaxValue, good),
            ["a header claiming 1 GB"] = Header(1 << 30, good),
            ["not Brotli"] = notBrotli,
            ["shorter than recorded"] = Header(BinaryPrimitives.ReadInt32LittleEndian(good.AsSpan(1)) + 7, good),
        };
        var n = 0;
        foreach (var value in hostile.Values)
        {
            await InsertAsync(connection, n++, "Titre", value, "<p>corps</p>");
        }
        await InsertAsync(connection, n++, "Packed", good, null);
        await InsertAsync(connection, n++, null, null, null);
        await InsertAsync(connection, n++, "Number", 42L, new string('x', 3_000_000));
        SqliteSearchIndex.Register(connection);

        var before = SqliteSearchIndex.UnreadableTexts;
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteSearchIndex.FunctionName}(title, summary, content) FROM t ORDER BY n;";
        var folded = new List<string>();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (reader.Read())
            {
                folded.Add(reader.GetString(0));
            }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        var expected = hostile.Keys.Select(_ => SearchText.Fold("Titre", null, "<p>corps</p>")).ToList();
        expected.Add(SearchText.Fold("Packed", PackedText.Unpack(good), null));
        expected.Add("");
        expected.Add(SearchText.Fold("Number", "42", new string('x', 3_000_000)));
        Assert.Equal(expected, folded);
        Assert.True(SqliteSearchIndex.UnreadableTexts - before >= hostile.Count, $"{SqliteSearchIndex.UnreadableTexts - before} counted");
        // A header may not make a read take what it claims: the 1 GB one is refused without a buffer that size.
        Assert.True(allocated < 256L * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    private static byte[] Header(int length, byte[] packed)
    {
        var copy = (byte[])packed.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(1), length);
        return copy;
    }

    private static async Task InsertAsync(SqliteConnection connection, int n, string? title, object? summary, string? content)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t VALUES ($n, $title, $summary, $content);";
        command.Parameters.AddWithValue("$n", n);
        command.Parameters.AddWithValue("$title", (object?)title ?? DBNull.Value);
        command.Parameters.AddWithValue("$summary", summary ?? DBNull.Value);
        command.Parameters.AddWithValue("$content", (object?)content ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
