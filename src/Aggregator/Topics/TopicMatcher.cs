using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Topics;

/// <summary>
/// Which topics an article belongs to (CONTRACT §3 "Term matching"). Terms are compiled once here;
/// each article is folded once into a <see cref="MatchableText"/> shared by every topic.
/// </summary>
public sealed class TopicMatcher
{
    private const int StackMemoLimit = 1024;

    /// <summary>One text per thread, refilled for each article matched (polls match on their own threads, synchronously).</summary>
    [ThreadStatic]
    private static MatchableText? scratch;

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
        return Match(article.Title, SearchText.FoldPlain(article.Summary), SearchText.FoldPlain(article.Content), article.Categories, article.OutletId);
    }

    /// <summary>
    /// The candidate with its topics, and with its search text (<see cref="FoldedSearchText"/>) made from the same folded
    /// plain text: turning an article's HTML into text is the costly part of both, and is done once.
    /// </summary>
    public ArticleCandidate WithTopics(ArticleCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var summary = SearchText.FoldPlain(candidate.Summary);
        var content = SearchText.FoldPlain(candidate.Content);
        var topics = Match(candidate.Title, summary, content, candidate.Categories, candidate.OutletId);
        var search = SearchText.Compose(SearchText.FoldPlain(candidate.Title), summary, content);
        return candidate with { Topics = topics, FoldedSearch = new FoldedSearchText(candidate, search) };
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

    private IReadOnlyList<string> Match(string title, string foldedSummary, string foldedContent, IReadOnlyList<string> categories, string outletId)
    {
        // Taken off the thread while in use, so a nested match (none today) would get its own.
        var text = scratch ?? new MatchableText();
        scratch = null;
        text.Fill(title, foldedSummary, foldedContent, categories);
        var ids = Match(text, outletId);
        text.Clear();
        if (text.IsWorthKeeping)
        {
            scratch = text;
        }

        return ids;
    }
}
