using Aggregator.Parse;
using Aggregator.Normalize;
using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The SQL function the search index's triggers call: an article's title, summary and content as
/// plain text folded by <see cref="TextFolding"/>, the folding topic terms and search queries get,
/// so "guaido" finds "Guaidó". Registered on every connection the store opens; a connection without
/// it can read and delete articles but not insert or edit their text.
/// </summary>
public static class SqliteSearchIndex
{
    public const string FunctionName = "search_fold";

    public static void Register(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.CreateFunction<string?, string?, string?, string>(FunctionName, Fold, isDeterministic: true);
    }

    /// <summary>The indexed text of an article; the summary is left out when the content repeats it.</summary>
    public static string Fold(string? title, string? summary, string? content)
    {
        var folded = TextFolding.Fold(HtmlText.ToPlainText(title ?? string.Empty, TextLayout.Blocks));
        var body = TextFolding.Fold(HtmlText.ToPlainText(content ?? string.Empty, TextLayout.Blocks));
        var teaser = TextFolding.Fold(HtmlText.ToPlainText(summary ?? string.Empty, TextLayout.Blocks));
        if (teaser.Length > 0 && !body.Contains(teaser, StringComparison.Ordinal))
        {
            folded = folded + " " + teaser;
        }
        return body.Length == 0 ? folded : folded + " " + body;
    }
}
