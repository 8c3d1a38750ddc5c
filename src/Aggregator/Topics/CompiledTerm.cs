using Aggregator.Normalize;

namespace Aggregator.Topics;

/// <summary>
/// One include or exclude term, folded once when the topics are loaded.
/// Folding makes punctuation between words a word break, so "regime change" matches "Regime-change"
/// and "US-led" is the phrase "us led"; a "*" only means "any ending" at the very end of a term.
/// </summary>
internal sealed record CompiledTerm(string Term, string[] Words, bool IsPrefix)
{
    /// <summary>The compiled term, or null when it holds no letter or digit (it could never match).</summary>
    public static CompiledTerm? Compile(string term)
    {
        var trimmed = term.Trim();
        var isPrefix = trimmed.EndsWith('*');
        var words = TextFolding.Words(TextFolding.Fold(trimmed.TrimEnd('*'))).ToArray();
        return words.Length == 0 ? null : new CompiledTerm(term, words, isPrefix);
    }

    public bool Matches(MatchableText text) => text.ContainsPhrase(Words, IsPrefix);
}
