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
        var folded = SearchText.FoldArticle(candidate.Title, candidate.Summary, candidate.Content);
        var text = Rent();
        text.Fill(candidate.Title, folded, candidate.Categories);
        var topics = MatchAndReturn(text, candidate.OutletId);
        return candidate with { Topics = topics, FoldedSearch = new FoldedSearchText(candidate, folded.Text) };
    }

    /// <summary>The same, for text already folded (re-matching stored articles after a config change).</summary>
    public IReadOnlyList<string> Match(MatchableText text, string outletId)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Each distinct term is evaluated at most once per article, whatever the number of topics using it.
        Span<byte> memo = terms.Count <= StackMemoLimit ? stackalloc byte[terms.Count] : new byte[terms.Count];
        // Most articles belong to few topics or none: no list until one matches.
        List<string>? ids = null;
        foreach (var topic in topics)
        {
            if (topic.Matches(text, outletId, terms, memo))
            {
                (ids ??= new List<string>(4)).Add(topic.Id);
            }
        }

        return ids ?? (IReadOnlyList<string>)[];
    }

    private IReadOnlyList<string> Match(string title, string foldedSummary, string foldedContent, IReadOnlyList<string> categories, string outletId)
    {
        var text = Rent();
        text.Fill(title, foldedSummary, foldedContent, categories);
        return MatchAndReturn(text, outletId);
    }

    // Taken off the thread while in use, so a nested match (none today) would get its own.
    private static MatchableText Rent()
    {
        var text = scratch ?? new MatchableText();
        scratch = null;
        return text;
    }

    private IReadOnlyList<string> MatchAndReturn(MatchableText text, string outletId)
    {
        var ids = Match(text, outletId);
        text.Clear();
        if (text.IsWorthKeeping)
        {
            scratch = text;
        }

        return ids;
    }
}
