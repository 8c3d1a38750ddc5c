using Aggregator.Model;
using Aggregator.Normalize;
using Aggregator.Parse;

namespace Aggregator.Topics;

/// <summary>
/// An article's searchable text, folded once (<see cref="TextFolding"/>) and indexed so every topic's
/// terms are checked against it without touching the article again.
/// </summary>
public sealed class MatchableText
{
    /// <summary>Between fields (title, summary, content, each category), so a phrase never spans two of them.</summary>
    private const string FieldBreak = "";

    private readonly List<string> words;
    /// <summary>Each distinct word's first position; <see cref="next"/> chains the later ones.</summary>
    private readonly Dictionary<string, int> first;
    private readonly int[] next;
    private string[]? sortedDistinct;

    private MatchableText(List<string> words)
    {
        this.words = words;
        next = new int[words.Count];
        first = new Dictionary<string, int>(Math.Min(words.Count, 1024), StringComparer.Ordinal);
        // Walked from the end, the word's entry holds its next occurrence when an earlier one is met, so one
        // dictionary does what a "first" and a "last" did (it was a tenth of the bytes allocated per article).
        for (var i = words.Count - 1; i >= 0; i--)
        {
            var word = words[i];
            if (word.Length == 0)
            {
                next[i] = -1;
                continue;
            }

            next[i] = first.TryGetValue(word, out var later) ? later : -1;
            first[word] = i;
        }
    }

    /// <summary>Number of words indexed, field breaks included.</summary>
    public int Length => words.Count;

    /// <summary>Title, summary and content (as the reader sees them, HTML removed) and the source's categories.</summary>
    public static MatchableText From(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return From(article.Title, HtmlText.ToPlainText(article.Summary, TextLayout.Blocks), HtmlText.ToPlainText(article.Content, TextLayout.Blocks), article.Categories);
    }

    /// <summary>From plain-text fields.</summary>
    public static MatchableText From(string? title, string? summary, string? content, IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var all = new List<string>(256);
        AddField(all, title);
        AddField(all, summary);
        AddField(all, content);
        foreach (var category in categories)
        {
            AddField(all, category);
        }

        return new MatchableText(all);
    }

    public bool ContainsWord(string word) => first.ContainsKey(word);

    public bool ContainsWordStartingWith(string prefix)
    {
        sortedDistinct ??= SortedKeys();
        var index = Array.BinarySearch(sortedDistinct, prefix, StringComparer.Ordinal);
        // Not found: the complement of the insertion point, where the first longer word with this prefix would sit.
        if (index < 0)
        {
            index = ~index;
        }

        return index < sortedDistinct.Length && sortedDistinct[index].StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Consecutive words equal to <paramref name="phrase"/>; the last one only has to start with its term word when <paramref name="lastIsPrefix"/>.</summary>
    public bool ContainsPhrase(string[] phrase, bool lastIsPrefix)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        if (phrase.Length == 0)
        {
            return false;
        }

        if (phrase.Length == 1)
        {
            return lastIsPrefix ? ContainsWordStartingWith(phrase[0]) : ContainsWord(phrase[0]);
        }

        // Cheap rejection before walking positions: every exact word must occur somewhere.
        var exactCount = lastIsPrefix ? phrase.Length - 1 : phrase.Length;
        for (var k = 0; k < exactCount; k++)
        {
            if (!first.ContainsKey(phrase[k]))
            {
                return false;
            }
        }

        for (var pos = first[phrase[0]]; pos >= 0; pos = next[pos])
        {
            if (pos + phrase.Length > words.Count)
            {
                return false;
            }

            if (MatchesAt(pos, phrase, lastIsPrefix))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesAt(int pos, string[] phrase, bool lastIsPrefix)
    {
        for (var k = 1; k < phrase.Length; k++)
        {
            var word = words[pos + k];
            var isLast = k == phrase.Length - 1;
            var ok = isLast && lastIsPrefix
                ? word.Length > 0 && word.StartsWith(phrase[k], StringComparison.Ordinal)
                : string.Equals(word, phrase[k], StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private string[] SortedKeys()
    {
        var keys = first.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }

    private static void AddField(List<string> all, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (all.Count > 0)
        {
            all.Add(FieldBreak);
        }

        // Words taken straight from the folded text: an array of them per field was copied into the list and dropped.
        var folded = TextFolding.Fold(text);
        foreach (Range word in folded.AsSpan().Split(' '))
        {
            if (word.End.GetOffset(folded.Length) > word.Start.GetOffset(folded.Length))
            {
                all.Add(folded[word]);
            }
        }
    }
}
