using Aggregator.Model;

namespace Aggregator.Topics;

/// <summary>A topic's rules ready to apply: outlet set and indexes of its terms in the shared <see cref="TermTable"/>.</summary>
internal sealed class CompiledTopic
{
    private readonly HashSet<string>? outlets;
    private readonly int[] include;
    private readonly int[] exclude;
    /// <summary>Include terms were configured but none can match (all punctuation): the topic takes nothing.</summary>
    private readonly bool includeUnmatchable;

    public CompiledTopic(TopicDefinition definition, TermTable terms)
    {
        Id = definition.Id;
        outlets = definition.Outlets.Count == 0 ? null : new HashSet<string>(definition.Outlets, StringComparer.Ordinal);
        include = [.. definition.Include.Select(terms.Add).Where(i => i >= 0)];
        exclude = [.. definition.Exclude.Select(terms.Add).Where(i => i >= 0)];
        includeUnmatchable = definition.Include.Count > 0 && include.Length == 0;
    }

    public string Id { get; }

    /// <summary>CONTRACT §3: outlet allowed, an include term matches (or there are none), no exclude term matches.</summary>
    public bool Matches(MatchableText text, string outletId, TermTable terms, Span<byte> memo)
    {
        if (outlets is not null && !outlets.Contains(outletId))
        {
            return false;
        }

        if (includeUnmatchable || (include.Length > 0 && !AnyMatches(include, text, terms, memo)))
        {
            return false;
        }

        return !AnyMatches(exclude, text, terms, memo);
    }

    private static bool AnyMatches(int[] indexes, MatchableText text, TermTable terms, Span<byte> memo)
    {
        foreach (var index in indexes)
        {
            if (terms.Matches(index, text, memo))
            {
                return true;
            }
        }

        return false;
    }
}
