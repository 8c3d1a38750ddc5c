namespace Aggregator.Dedup;

/// <summary>
/// The words of a folded string (<see cref="Normalize.TextNormalizer.Fold"/>: words separated by single spaces), read in
/// place: dedup hashes and compares them where they lie instead of splitting the text into a string per word, which was
/// the largest allocation of its own per article (issue 23). Empty words between repeated spaces are skipped, as
/// <c>Split(' ', RemoveEmptyEntries)</c> did, so any string reads as the words it always stood for.
/// </summary>
public readonly ref struct FoldedWords(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> text = text;

    public Enumerator GetEnumerator() => new(text);

    /// <summary>How many words the text holds.</summary>
    public int Count()
    {
        int count = 0;
        foreach (ReadOnlySpan<char> _ in this)
        {
            count++;
        }
        return count;
    }

    /// <summary>Whether two folded strings hold the same words in the same order.</summary>
    public static bool SameWords(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }
        // Folded text spaces its words singly, so only other spacing can make unequal strings the same words.
        Enumerator wordsA = new FoldedWords(a).GetEnumerator();
        Enumerator wordsB = new FoldedWords(b).GetEnumerator();
        while (wordsA.MoveNext())
        {
            if (!wordsB.MoveNext() || !wordsA.Current.SequenceEqual(wordsB.Current))
            {
                return false;
            }
        }
        return !wordsB.MoveNext();
    }

    public ref struct Enumerator(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> text = text;
        private int next;

        public ReadOnlySpan<char> Current { get; private set; }

        public bool MoveNext()
        {
            while (next < text.Length && text[next] == ' ')
            {
                next++;
            }
            if (next >= text.Length)
            {
                return false;
            }
            int length = text[next..].IndexOf(' ');
            length = length < 0 ? text.Length - next : length;
            Current = text.Slice(next, length);
            next += length;
            return true;
        }
    }
}
