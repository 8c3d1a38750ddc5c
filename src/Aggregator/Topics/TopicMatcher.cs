using Aggregator.Model;

namespace Aggregator.Topics;

/// <summary>
/// Which topics an article belongs to (CONTRACT §3 "Term matching"). Terms are compiled once here;
/// each article is folded once into a <see cref="MatchableText"/> shared by every topic.
/// </summary>
public sealed class TopicMatcher
{
    private const int StackMemoLimit = 1024;

    private readonly TermTable terms = new();
    private readonly CompiledTopic[] topics;

    // A plain constructor rather than a primary one: compiling the topics fills the term table they share.
    public TopicMatcher(IEnumerable<TopicDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        topics = [.. definitions.Select(t => new CompiledTopic(t, terms))];
    }

    /// <summary>The ids of the article's topics, in configuration order. The built-in "all" counts only when it was passed in.</summary>
    public IReadOnlyList<string> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Match(MatchableText.From(article), article.OutletId);
    }

    /// <summary>The same, for text already folded (re-matching stored articles after a config change).</summary>
    public IReadOnlyList<string> Match(MatchableText text, string outletId)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Each distinct term is evaluated at most once per article, whatever the number of topics using it.
        Span<byte> memo = terms.Count <= StackMemoLimit ? stackalloc byte[terms.Count] : new byte[terms.Count];
        var ids = new List<string>();
        foreach (var topic in topics)
        {
            if (topic.Matches(text, outletId, terms, memo))
            {
                ids.Add(topic.Id);
            }
        }

        return ids;
    }
}
