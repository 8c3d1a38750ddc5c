using Aggregator.Normalize;
using Microsoft.Data.Sqlite;

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

    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Objects, not strings: a summary or content may be stored packed (PackedText), and a blob read as a string is its raw bytes.
        connection.CreateFunction<object?, object?, object?, string>(FunctionName,
            (title, summary, content) => Fold(PackedText.Unpack(title), PackedText.Unpack(summary), PackedText.Unpack(content)), isDeterministic: true);
    }

    /// <summary>The indexed text of an article (see <see cref="SearchText"/>).</summary>
    public static string Fold(string? title, string? summary, string? content) => SearchText.Fold(title, summary, content);
}
