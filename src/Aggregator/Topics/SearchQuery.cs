using System.Text;
using Aggregator.Store;

namespace Aggregator.Topics;

/// <summary>
/// A reader's search, in the topic term syntax: words, "quoted phrases", prefix*, -excluded and outlet:ID.
/// Terms are folded as topic terms are (<see cref="CompiledTerm"/>), so "guaido" and "Guaidó" are one word.
/// Bounded so that no query can cost the store more than a few index lookups: at most
/// <see cref="MaxTerms"/> terms, and a prefix needs <see cref="MinPrefixLength"/> letters before its "*".
/// </summary>
public sealed class SearchQuery
{
    public const int MaxLength = 256;
    public const int MaxTerms = 8;
    public const int MaxWordsPerPhrase = 8;
    public const int MinPrefixLength = 3;
    public const int MaxOutlets = 8;

    private SearchQuery(string text, IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, IReadOnlyList<string> outlets)
    {
        Text = text;
        Include = include;
        Exclude = exclude;
        Outlets = outlets;
    }

    /// <summary>The query as the reader typed it (trimmed), for links and page titles.</summary>
    public string Text { get; }

    public IReadOnlyList<SearchTerm> Include { get; }

    public IReadOnlyList<SearchTerm> Exclude { get; }

    /// <summary>outlet:ID filters; an article from any of them matches.</summary>
    public IReadOnlyList<string> Outlets { get; }

    /// <summary>True when there are words to look up in the full-text index (else only outlets narrow).</summary>
    public bool HasText => Include.Count > 0;

    /// <summary>The parsed query, or null with a one-line reason naming the part at fault.</summary>
    public static SearchQuery? TryParse(string? text, out string problem)
    {
        problem = string.Empty;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            problem = "q: empty query (give words, \"phrases\", prefix*, -excluded or outlet:ID)";
            return null;
        }
        if (trimmed.Length > MaxLength)
        {
            problem = $"q: longer than {MaxLength} characters";
            return null;
        }
        if (trimmed.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
        {
            problem = "q: control characters are not allowed";
            return null;
        }

        var include = new List<SearchTerm>();
        var exclude = new List<SearchTerm>();
        var outlets = new List<string>();
        var i = 0;
        while (i < trimmed.Length)
        {
            if (char.IsWhiteSpace(trimmed[i]))
            {
                i++;
                continue;
            }
            var negated = trimmed[i] == '-';
            var start = negated ? i + 1 : i;
            string raw;
            bool quoted;
            if (start < trimmed.Length && trimmed[start] == '"')
            {
                var close = trimmed.IndexOf('"', start + 1);
                if (close < 0)
                {
                    problem = $"q: unclosed quote at character {start + 1}";
                    return null;
                }
                raw = trimmed[(start + 1)..close];
                quoted = true;
                i = close + 1;
                // "phrase"* is a phrase whose last word is a prefix.
                if (i < trimmed.Length && trimmed[i] == '*')
                {
                    raw += "*";
                    i++;
                }
            }
            else
            {
                var end = start;
                while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
                {
                    end++;
                }
                raw = trimmed[start..end];
                quoted = false;
                i = end;
            }

            if (!quoted && raw.StartsWith("outlet:", StringComparison.OrdinalIgnoreCase))
            {
                var id = raw["outlet:".Length..];
                if (negated || id.Length == 0 || id.Length > 100 || id.AsSpan().IndexOfAny('"', '*') >= 0)
                {
                    problem = $"q: '{Clip(raw)}' is not an outlet filter (write outlet:ID)";
                    return null;
                }
                outlets.Add(id);
                continue;
            }
            if (raw.Length == 0)
            {
                problem = negated ? "q: '-' must be followed by a word or \"phrase\"" : "q: empty phrase \"\"";
                return null;
            }
            if (raw.IndexOf('*', StringComparison.Ordinal) is var star and >= 0 && star != raw.Length - 1)
            {
                problem = $"q: '{Clip(raw)}': '*' is only allowed at the end of a word";
                return null;
            }
            if (CompiledTerm.Compile(raw) is not { } term)
            {
                problem = $"q: '{Clip(raw)}' holds no letter or digit";
                return null;
            }
            if (term.Words.Length > MaxWordsPerPhrase)
            {
                problem = $"q: '{Clip(raw)}' has more than {MaxWordsPerPhrase} words";
                return null;
            }
            if (term.IsPrefix && term.Words[^1].Length < MinPrefixLength)
            {
                problem = $"q: '{Clip(raw)}': a prefix needs at least {MinPrefixLength} letters before '*'";
                return null;
            }
            (negated ? exclude : include).Add(new SearchTerm(term.Words, term.IsPrefix));
            if (include.Count + exclude.Count > MaxTerms)
            {
                problem = $"q: more than {MaxTerms} terms";
                return null;
            }
        }

        if (outlets.Count > MaxOutlets)
        {
            problem = $"q: more than {MaxOutlets} outlet: filters";
            return null;
        }
        if (include.Count == 0 && outlets.Count == 0)
        {
            problem = "q: only excluded terms; give at least one word to look for or an outlet:ID";
            return null;
        }
        if (include.Count == 0 && exclude.Count > 0)
        {
            problem = "q: excluded terms need at least one word to look for";
            return null;
        }
        return new SearchQuery(trimmed, include, exclude, outlets);
    }

    /// <summary>What the store looks up: the folded terms and the outlets, without the reader's spelling.</summary>
    public SearchCriteria Criteria => new(Include, Exclude, Outlets);

    private static string Clip(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}
