using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A statement run once per stored article, compiled once per transaction and bound by position from spans (issue 23).
/// Through <see cref="SqliteCommand"/> every run made a binder object per parameter, looked each parameter up by its name
/// (the name turned into UTF-8 again) and copied every string into a new UTF-8 array: about 4.4 KB per article, all
/// garbage. Here text is encoded into one buffer the statement keeps, so binding allocates nothing; SQLite copies the
/// bytes (SQLITE_TRANSIENT) before the bind returns. Runs on the connection's open transaction; errors surface as the
/// <see cref="SqliteException"/> a command would throw, so the store translates them the same way.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = [];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>The position of a named parameter; looked up once, when the caller sets up.</summary>
    public int Index(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new ArgumentException($"the statement has no parameter {name}", nameof(name));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value)
    {
        if (value is { } v)
        {
            Bind(index, v);
        }
        else
        {
            BindNull(index);
        }
    }

    public void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Text as Microsoft.Data.Sqlite binds it (Encoding.UTF8, so the stored bytes are the same), null as NULL.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < length)
        {
            // Grows to the longest text bound so far and stays: the statement lives for one transaction.
            _utf8 = new byte[Math.Max(length, 2 * _utf8.Length)];
        }
        var written = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, written)));
    }

    public void Bind(int index, ReadOnlySpan<byte> blob) => Check(raw.sqlite3_bind_blob(_statement, index, blob));

    /// <summary>Text already in UTF-8 (<see cref="PackedArticleRows"/>), bound as <see cref="Bind(int, string)"/> binds its bytes.</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_statement, index, utf8));

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Integers as the JSON array a <c>json_each</c> parameter reads (<c>[1,2,3]</c>), written into the statement's buffer.</summary>
    public void BindJsonArray(int index, IReadOnlyList<long> values)
    {
        // '[' and ']', and per value at most 20 digits and a sign, plus its comma.
        var length = 2 + (values.Count * 21);
        if (_utf8.Length < length)
        {
            _utf8 = new byte[Math.Max(length, 2 * _utf8.Length)];
        }
        var written = 0;
        _utf8[written++] = (byte)'[';
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                _utf8[written++] = (byte)',';
            }
            Utf8Formatter.TryFormat(values[i], _utf8.AsSpan(written), out var digits);
            written += digits;
        }
        _utf8[written++] = (byte)']';
        Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, written)));
    }

    /// <summary>A summary or content: NULL, text, or packed bytes (<see cref="PackedText"/>), packed into a pooled buffer.</summary>
    public void BindPacked(int index, string? text)
    {
        if (text is not null && PackedText.TryPack(text, out var packed, out var length))
        {
            try
            {
                Bind(index, packed.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
        }
        else
        {
            Bind(index, text);
        }
    }

    /// <summary>Runs the statement to its end; the first column of its first row (RETURNING), if it has one.</summary>
    public long? Run()
    {
        try
        {
            long? first = null;
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                first ??= raw.sqlite3_column_int64(_statement, 0);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return first;
        }
        finally
        {
            // Ready for the next run, and releases what the run held (read locks, the row); bindings stay until rebound.
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query for its first row only: that row mapped, or the default when there is none.</summary>
    public T? First<T>(Func<RawStatement, T> map)
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return map(this);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return default;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query to its end: every row, mapped in order.</summary>
    public List<T> Rows<T>(Func<RawStatement, T> map)
    {
        try
        {
            var rows = new List<T>();
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                rows.Add(map(this));
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return rows;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>A text column of the current row (in <see cref="First{T}"/>'s or <see cref="Rows{T}"/>' map).</summary>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>An integer column of the current row.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>A summary or content column of the current row: NULL, text, or packed bytes unpacked (<see cref="PackedText"/>).</summary>
    public string? PackedTextColumn(int column) => raw.sqlite3_column_type(_statement, column) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_BLOB => PackedText.Unpack(raw.sqlite3_column_blob(_statement, column).ToArray()),
        _ => Text(column),
    };

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
