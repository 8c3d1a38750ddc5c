using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Store.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>The SQL name of <see cref="UrlKey"/>, for the migration step that keys the rows stored before it.</summary>
    internal const string UrlKeyFunction = "url_key_of";

    /// <summary>
    /// A canonical URL as the 64-bit integer the URL index holds: the first 8 bytes of its SHA-256 (issue 23). The index
    /// took a random-order entry per article holding the whole URL (60-100 bytes); with 8 bytes of key a page holds several
    /// times the entries, so a bulk commit rewrites fewer of them. Every lookup compares the URL itself too, so two URLs
    /// that share a key are never taken for one another.
    /// </summary>
    internal static long UrlKey(string url)
    {
        var max = Encoding.UTF8.GetMaxByteCount(url.Length);
        var rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[max];
            var length = Encoding.UTF8.GetBytes(url, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], digest);
            return BinaryPrimitives.ReadInt64BigEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Once per physical connection, never through SqliteConnection.CreateFunction: see ConnectionFunctions.
    private static void RegisterUrlKey(SqliteConnection connection) =>
        ConnectionFunctions.Ensure(connection, UrlKeyFunction, 1, (context, _, args) =>
        {
            if (raw.sqlite3_value_type(args[0]) == raw.SQLITE_NULL)
            {
                raw.sqlite3_result_null(context);
            }
            else
            {
                raw.sqlite3_result_int64(context, UrlKey(raw.sqlite3_value_text(args[0]).utf8_to_string()));
            }
        });
}
