using System.Text;

namespace Aggregator.Store;

/// <summary>
/// A parsed search as the store runs it (Topics' <c>SearchQuery</c> parses and bounds what a reader typed):
/// terms every match has, terms none has, and outlet filters. Written out in each provider's query language here,
/// beside the SQL that uses it.
/// </summary>
public sealed record SearchCriteria(IReadOnlyList<SearchTerm> Include, IReadOnlyList<SearchTerm> Exclude, IReadOnlyList<string> Outlets)
{
    /// <summary>True when there are words to look up in the full-text index (else only outlets narrow).</summary>
    public bool HasText => Include.Count > 0;

    /// <summary>How long the store lets this search run.</summary>
    public SearchBudget Budget { get; init; } = SearchBudget.Default;

    /// <summary>
    /// As an SQLite FTS5 MATCH expression over the folded index. Folded words hold only letters and
    /// digits, so quoting each phrase is all the escaping FTS5 needs.
    /// </summary>
    public string ToFts5()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Include.Count; i++)
        {
            sb.Append(i == 0 ? "" : " AND ");
            AppendFts5(sb, Include[i]);
        }
        foreach (var term in Exclude)
        {
            sb.Append(" NOT ");
            AppendFts5(sb, term);
        }
        return sb.ToString();
    }

    /// <summary>As a PostgreSQL tsquery (for to_tsquery('simple', …)): phrases with &lt;-&gt;, prefixes with :*.</summary>
    public string ToTsQuery()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Include.Count; i++)
        {
            sb.Append(i == 0 ? "" : " & ");
            AppendTs(sb, Include[i]);
        }
        foreach (var term in Exclude)
        {
            sb.Append(" & !");
            AppendTs(sb, term);
        }
        return sb.ToString();
    }

    private static void AppendFts5(StringBuilder sb, SearchTerm term)
    {
        sb.Append('"').AppendJoin(' ', term.Words).Append('"');
        if (term.IsPrefix)
        {
            sb.Append('*');
        }
    }

    private static void AppendTs(StringBuilder sb, SearchTerm term)
    {
        sb.Append('(');
        for (var w = 0; w < term.Words.Count; w++)
        {
            // Quoted lexemes: a folded word is letters and digits, but quoting keeps tsquery operators out regardless.
            sb.Append(w == 0 ? "" : " <-> ").Append('\'').Append(term.Words[w]).Append('\'');
            if (term.IsPrefix && w == term.Words.Count - 1)
            {
                sb.Append(":*");
            }
        }
        sb.Append(')');
    }
}

/// <summary>One folded term of a search: a word or phrase, its last word a prefix when it ended in "*".</summary>
public sealed record SearchTerm(IReadOnlyList<string> Words, bool IsPrefix);
