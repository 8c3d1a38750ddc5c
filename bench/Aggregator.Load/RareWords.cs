namespace Aggregator.Load;

/// <summary>
/// Made-up words the search bench plants in a few prefilled articles, because the generated vocabulary has no
/// word rarer than about 1 article in 64: PostgreSQL's GIN fallback (words rarer than about 1 in 400) was never
/// measured. Planting is by article index (newest first), so both providers' prefills hold the same words in the
/// same articles, and how many a store of any size holds is known exactly. Each planted article's index is
/// shifted by its ordinal modulo the 200 outlets, so a word's articles spread over every outlet rather than
/// landing in one (index modulo 200 is the outlet).
/// </summary>
internal static class RareWords
{
    /// <summary>The words and one article in how many holds each: letters only, in no generated text.</summary>
    public static readonly IReadOnlyList<(string Word, int Every)> Planted =
    [
        ("quorvantil", 1_000),
        ("brexillumo", 20_000),
        ("zentrafolq", 500_000),
    ];

    private const int Outlets = 200;

    /// <summary>The planted words article <paramref name="index"/> holds, space-separated, or null.</summary>
    public static string? WordsFor(long index)
    {
        string? words = null;
        foreach (var (word, every) in Planted)
        {
            if (Holds(index, every))
            {
                words = words is null ? word : words + " " + word;
            }
        }
        return words;
    }

    /// <summary>The indexes below <paramref name="articles"/> that hold <paramref name="word"/>.</summary>
    public static IEnumerable<long> Indexes(string word, int articles)
    {
        var every = Planted.Single(p => p.Word == word).Every;
        for (long k = 0; k * every < articles; k++)
        {
            var index = Position(k, every);
            if (index < articles)
            {
                yield return index;
            }
        }
    }

    /// <summary>Every index below <paramref name="articles"/> that holds any planted word.</summary>
    public static IEnumerable<long> AllIndexes(int articles) =>
        Planted.SelectMany(p => Indexes(p.Word, articles)).Distinct().Order();

    // The k-th holder sits in the middle of its span, moved by k modulo the outlets so consecutive holders change outlet.
    private static long Position(long k, int every) => (k * every) + (every / 2) + (k % Outlets);

    private static bool Holds(long index, int every)
    {
        var k = index / every;
        return index == Position(k, every);
    }
}
