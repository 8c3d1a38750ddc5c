using System.Numerics;
using Aggregator.Model;
using Aggregator.Normalize;

namespace Aggregator.Topics;

/// <summary>
/// An article's searchable text, folded once (<see cref="TextFolding"/>) and indexed so every topic's
/// terms are checked against it without touching the article again.
/// </summary>
/// <remarks>
/// Words are positions in the folded fields, not strings of their own, and the index is an open-addressing table
/// of those positions: a string per word, the list of them and a dictionary per article were a sixth of the bytes
/// allocated per article (issue 23). The arrays are reused when the matcher lends one instance per thread.
/// </remarks>
public sealed class MatchableText
{
    /// <summary>An instance grown past this many words by a long page is not kept for the next article.</summary>
    internal const int KeptWords = 8192;

    /// <summary>Buckets of distinct words by first character, for prefix terms.</summary>
    private const int Buckets = 64;

    /// <summary>A bucket up to this many words is scanned; a longer one (a page in one script, say) is sorted and searched.</summary>
    private const int ScannedBucket = 32;

    /// <summary>Folded fields (title, summary, content, each category); a word is a range of one of them.</summary>
    private readonly List<string> fields = new(8);
    /// <summary>Field breaks (between fields, so a phrase never spans two of them) are words of field -1 and length 0.</summary>
    private Word[] words = new Word[256];
    private int count;
    /// <summary>The next position of the same word, or -1.</summary>
    private int[] next = new int[256];
    /// <summary>Each distinct word's first position plus one (0: empty slot), hashed on the word's characters.</summary>
    private int[] slots = new int[512];
    private int slotMask;
    private int distinct;
    /// <summary>
    /// First positions of the distinct words grouped by their first character (<see cref="BucketOf"/>), for prefix terms;
    /// built on first use. Bucket b holds <c>byFirst[bucketStarts[b]..bucketStarts[b + 1]]</c>, in ordinal order once
    /// <c>bucketSorted[b]</c> is set.
    /// </summary>
    private int[] byFirst = [];
    private readonly int[] bucketStarts = new int[Buckets + 1];
    private readonly bool[] bucketSorted = new bool[Buckets];
    private bool isBucketed;
    private OrdinalByWord? byWord;

    internal MatchableText()
    {
    }

    /// <summary>Whether the arrays are small enough to keep for the next article.</summary>
    internal bool IsWorthKeeping => words.Length <= KeptWords;

    /// <summary>Number of words indexed, field breaks included.</summary>
    public int Length => count;

    /// <summary>Title, summary and content (as the reader sees them, HTML removed) and the source's categories.</summary>
    public static MatchableText From(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = new MatchableText();
        text.Fill(article.Title, SearchText.FoldPlain(article.Summary), SearchText.FoldPlain(article.Content), article.Categories);
        return text;
    }

    /// <summary>From plain-text fields.</summary>
    public static MatchableText From(string? title, string? summary, string? content, IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var text = new MatchableText();
        text.Fill(title, FoldOrEmpty(summary), FoldOrEmpty(content), [.. categories]);
        return text;
    }

    /// <summary>Indexes an article: the title and categories as given, summary and content already plain and folded.</summary>
    internal void Fill(string? title, string foldedSummary, string foldedContent, IReadOnlyList<string> categories)
    {
        Clear();
        AddField(FoldOrEmpty(title));
        AddField(foldedSummary);
        AddField(foldedContent);
        for (var i = 0; i < categories.Count; i++)
        {
            AddField(FoldOrEmpty(categories[i]));
        }

        Index();
    }

    /// <summary>Indexes an article whose folded summary and content lie in its search text (<see cref="SearchText.FoldArticle"/>).</summary>
    internal void Fill(string? title, in FoldedArticleText folded, IReadOnlyList<string> categories)
    {
        Clear();
        AddField(FoldOrEmpty(title));
        AddField(folded.Text, folded.SummaryStart, folded.SummaryLength);
        AddField(folded.Text, folded.ContentStart, folded.ContentLength);
        for (var i = 0; i < categories.Count; i++)
        {
            AddField(FoldOrEmpty(categories[i]));
        }

        Index();
    }

    /// <summary>Drops the article's text, so an instance kept for reuse holds no article.</summary>
    internal void Clear()
    {
        fields.Clear();
        count = 0;
        distinct = 0;
        isBucketed = false;
    }

    public bool ContainsWord(string word) => Find(word) >= 0;

    public bool ContainsWordStartingWith(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return distinct > 0;
        }

        if (!isBucketed)
        {
            BucketDistinct();
        }

        // A word starting with the prefix starts with its first character, so only that character's bucket is searched.
        var bucket = BucketOf(prefix[0]);
        int from = bucketStarts[bucket], to = bucketStarts[bucket + 1];
        if (to - from <= ScannedBucket)
        {
            for (var i = from; i < to; i++)
            {
                if (WordAt(byFirst[i]).StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        if (!bucketSorted[bucket])
        {
            Array.Sort(byFirst, from, to - from, byWord ??= new OrdinalByWord(this));
            bucketSorted[bucket] = true;
        }

        // The first word of the bucket not below the prefix is the one that starts with it, if any does.
        int lo = from, hi = to - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var order = WordAt(byFirst[mid]).SequenceCompareTo(prefix);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo < to && WordAt(byFirst[lo]).StartsWith(prefix, StringComparison.Ordinal);
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
        for (var k = 1; k < exactCount; k++)
        {
            if (Find(phrase[k]) < 0)
            {
                return false;
            }
        }

        for (var pos = Find(phrase[0]); pos >= 0; pos = next[pos])
        {
            if (pos + phrase.Length > count)
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
            var word = WordAt(pos + k);
            var isLast = k == phrase.Length - 1;
            var ok = isLast && lastIsPrefix
                ? word.Length > 0 && word.StartsWith(phrase[k], StringComparison.Ordinal)
                : word.SequenceEqual(phrase[k]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private ReadOnlySpan<char> WordAt(int position)
    {
        var word = words[position];
        return word.Field < 0 ? default : fields[word.Field].AsSpan(word.Start, word.Length);
    }

    /// <summary>The word's first position, or -1.</summary>
    private int Find(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return -1;
        }

        for (var slot = Hash(word) & slotMask; slots[slot] != 0; slot = (slot + 1) & slotMask)
        {
            var position = slots[slot] - 1;
            if (WordAt(position).SequenceEqual(word))
            {
                return position;
            }
        }

        return -1;
    }

    private void AddField(string folded) => AddField(folded, 0, folded.Length);

    /// <summary>Indexes <paramref name="length"/> characters of folded text from <paramref name="from"/> as one field.</summary>
    private void AddField(string text, int from, int length)
    {
        if (length == 0)
        {
            return;
        }

        if (count > 0)
        {
            Add(new Word(-1, 0, 0));
        }

        // Folded text is words of letters and digits between single spaces, none at either end.
        var field = fields.Count;
        fields.Add(text);
        var start = from;
        var stop = from + length;
        while (start < stop)
        {
            var space = text.AsSpan(start, stop - start).IndexOf(' ');
            var end = space < 0 ? stop : start + space;
            if (end > start)
            {
                Add(new Word(field, start, end - start));
            }

            start = end + 1;
        }
    }

    private void Add(Word word)
    {
        if (count == words.Length)
        {
            Array.Resize(ref words, count * 2);
        }

        words[count++] = word;
    }

    private void Index()
    {
        if (next.Length < count)
        {
            next = new int[words.Length];
        }

        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count * 2, 16));
        if (slots.Length < size)
        {
            slots = new int[size];
        }
        else
        {
            Array.Clear(slots, 0, size);
        }

        slotMask = size - 1;
        // Walked from the end, a word's slot holds its next occurrence when an earlier one is met, so the chains
        // run forward and the slot ends at the first.
        for (var i = count - 1; i >= 0; i--)
        {
            var word = WordAt(i);
            next[i] = -1;
            if (word.IsEmpty)
            {
                continue;
            }

            var slot = Hash(word) & slotMask;
            while (slots[slot] != 0 && !WordAt(slots[slot] - 1).SequenceEqual(word))
            {
                slot = (slot + 1) & slotMask;
            }

            if (slots[slot] == 0)
            {
                distinct++;
            }
            else
            {
                next[i] = slots[slot] - 1;
            }

            slots[slot] = i + 1;
        }
    }

    /// <summary>
    /// Groups the distinct words by first character in one counting pass. Sorting all of them for the few prefix terms
    /// topics have was 1.5% of a cold poll's CPU (issue 23); a bucket is sorted only when it is too long to scan.
    /// </summary>
    private void BucketDistinct()
    {
        if (byFirst.Length < distinct)
        {
            byFirst = new int[slots.Length];
        }

        Array.Clear(bucketStarts);
        Array.Clear(bucketSorted);
        for (var slot = 0; slot <= slotMask; slot++)
        {
            if (slots[slot] != 0)
            {
                bucketStarts[BucketOf(WordAt(slots[slot] - 1)[0])]++;
            }
        }

        // Each bucket's end, then each word placed downwards from it: every entry ends at its bucket's start.
        for (var b = 1; b < Buckets; b++)
        {
            bucketStarts[b] += bucketStarts[b - 1];
        }

        bucketStarts[Buckets] = distinct;
        for (var slot = 0; slot <= slotMask; slot++)
        {
            if (slots[slot] != 0)
            {
                var position = slots[slot] - 1;
                byFirst[--bucketStarts[BucketOf(WordAt(position)[0])]] = position;
            }
        }

        isBucketed = true;
    }

    private static int Hash(ReadOnlySpan<char> word) => string.GetHashCode(word, StringComparison.Ordinal);

    /// <summary>Folded words are mostly lowercase ASCII, whose letters the low six bits tell apart.</summary>
    private static int BucketOf(char first) => first & (Buckets - 1);

    private static string FoldOrEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "" : TextFolding.Fold(text);

    private readonly record struct Word(int Field, int Start, int Length);

    private sealed class OrdinalByWord(MatchableText text) : IComparer<int>
    {
        public int Compare(int x, int y) => text.WordAt(x).SequenceCompareTo(text.WordAt(y));
    }
}
