using System.Globalization;
using System.Text;
using Aggregator.Normalize;

namespace Aggregator.Store.Postgres;

/// <summary>
/// <see cref="TextFolding"/> as an IMMUTABLE SQL function, so PostgreSQL's stored tsvector column holds
/// the same words the SQLite index and the topic matcher fold to. Derived from TextFolding's own
/// answers for the blocks articles are written in (Latin, Greek, Cyrillic, Vietnamese, punctuation),
/// not re-typed: tags removed, multi-letter folds (ß → ss) replaced, accents and marks dropped by one
/// translate(), every separator made a space. Outside those blocks letters are only lower-cased.
/// </summary>
internal static class PostgresSearchFold
{
    private static readonly (int First, int Last)[] Blocks =
    [
        (0x21, 0x7E), (0x80, 0x24F), (0x300, 0x36F), (0x370, 0x52F), (0x1E00, 0x1EFF), (0x2000, 0x206F),
    ];

    public static string CreateFunction { get; } = Build();

    private static string Build()
    {
        var from = new StringBuilder();
        var to = new StringBuilder();
        var dropped = new StringBuilder();
        var replacements = new List<(char From, string To)>();
        foreach (var (first, last) in Blocks)
        {
            for (var i = first; i <= last; i++)
            {
                var c = (char)i;
                if (char.IsSurrogate(c) || char.IsControl(c))
                {
                    continue;
                }
                var folded = TextFolding.Fold("a" + c + "a");
                if (folded == "a a")
                {
                    from.Append(c);
                    to.Append(' ');
                }
                else if (folded == "aa")
                {
                    dropped.Append(c);
                }
                else if (folded.Length >= 3 && folded[0] == 'a' && folded[^1] == 'a')
                {
                    var middle = folded[1..^1];
                    if (middle.Length == 1 && middle[0] != c)
                    {
                        from.Append(c);
                        to.Append(middle[0]);
                    }
                    else if (middle.Length > 1)
                    {
                        replacements.Add((c, middle));
                    }
                }
            }
        }

        var expression = "regexp_replace(regexp_replace(t, '<[^>]*>', ' ', 'g'), '&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);', ' ', 'g')";
        foreach (var (c, replacement) in replacements)
        {
            expression = string.Create(CultureInfo.InvariantCulture, $"replace({expression}, {Literal(c.ToString())}, {Literal(replacement)})");
        }
        // Characters in the first list past the end of the second are deleted by translate(): the marks.
        expression = $"lower(translate({expression}, {Literal(from.ToString() + dropped)}, {Literal(to.ToString())}))";
        return $"""
            CREATE FUNCTION aggregator_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $fold$ SELECT {expression} $fold$;
            """;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
