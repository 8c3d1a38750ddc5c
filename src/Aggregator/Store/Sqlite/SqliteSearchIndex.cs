using Aggregator.Normalize;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The SQL function the search index's triggers call: an article's title, summary and content as
/// plain text folded by <see cref="TextFolding"/>, the folding topic terms and search queries get,
/// so "guaido" finds "Guaidó". Registered on every connection the store opens; a connection without
/// it can read and delete articles but not edit their text. Inserts no longer call it: the ingest binds the
/// article's prepared search text (issue 23); updates (changed entries, full-text pages) still do.
/// </summary>
public static class SqliteSearchIndex
{
    public const string FunctionName = "search_fold";

    private static long _unreadableTexts;

    /// <summary>
    /// Stored texts the function could not read (a blob that does not unpack, a value of another type): the article
    /// was indexed without that part rather than its statement failing. Shown in /metrics.
    /// </summary>
    public static long UnreadableTexts => Interlocked.Read(ref _unreadableTexts);

    /// <summary>Registers the function on <paramref name="connection"/>'s physical connection, once (see <see cref="ConnectionFunctions"/>).</summary>
    public static void Register(SqliteConnection connection) =>
        ConnectionFunctions.Ensure(connection, FunctionName, 3, Call);

    /// <summary>The indexed text of an article (see <see cref="SearchText"/>).</summary>
    public static string Fold(string? title, string? summary, string? content) => SearchText.Fold(title, summary, content);

    // Runs inside SQLite's step, called from native code: nothing may be thrown from here (see ConnectionFunctions).
    private static void Call(sqlite3_context context, object? state, sqlite3_value[] args)
    {
        raw.sqlite3_result_text(context, Fold(TextOf(args[0]), TextOf(args[1]), TextOf(args[2])));
    }

    /// <summary>A stored title, summary or content as text: null, the text itself, or a packed text unpacked (<see cref="PackedText"/>).</summary>
    internal static string? TextOf(sqlite3_value value)
    {
        try
        {
            return raw.sqlite3_value_type(value) switch
            {
                raw.SQLITE_NULL => null,
                raw.SQLITE_BLOB => PackedText.Unpack(raw.sqlite3_value_blob(value).ToArray()),
                _ => raw.sqlite3_value_text(value).utf8_to_string(),
            };
        }
        catch (Exception)
        {
            // A damaged or hostile stored value: the rest of the article is still indexed, and the loss is counted.
            Interlocked.Increment(ref _unreadableTexts);
            return null;
        }
    }
}
