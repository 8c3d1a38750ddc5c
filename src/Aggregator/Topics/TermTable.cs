namespace Aggregator.Topics;

/// <summary>
/// Every distinct term of every topic, compiled once. Topics often share terms ("venezuela" in several),
/// so each term is evaluated at most once per article and the answer reused (<see cref="Matches"/>'s memo).
/// </summary>
internal sealed class TermTable
{
    private readonly List<CompiledTerm> terms = [];
    private readonly Dictionary<string, int> byKey = new(StringComparer.Ordinal);

    public int Count => terms.Count;

    /// <summary>The index of a term, adding it on first sight; -1 for a term without letters or digits (it cannot match).</summary>
    public int Add(string term)
    {
        if (CompiledTerm.Compile(term) is not { } compiled)
        {
            return -1;
        }

        // Terms that fold alike ("Guaidó", "guaido") are one term.
        var key = string.Join(' ', compiled.Words) + (compiled.IsPrefix ? "*" : "");
        if (!byKey.TryGetValue(key, out var index))
        {
            index = terms.Count;
            terms.Add(compiled);
            byKey.Add(key, index);
        }

        return index;
    }

    /// <summary>Whether term <paramref name="index"/> occurs in the text; <paramref name="memo"/> (0 unknown, 1 yes, 2 no) is per article.</summary>
    public bool Matches(int index, MatchableText text, Span<byte> memo)
    {
        var known = memo[index];
        if (known != 0)
        {
            return known == 1;
        }

        var matches = terms[index].Matches(text);
        memo[index] = matches ? (byte)1 : (byte)2;
        return matches;
    }
}
