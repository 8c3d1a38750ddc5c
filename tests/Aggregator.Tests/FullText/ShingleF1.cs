using System.Text.RegularExpressions;

namespace Aggregator.Tests.FullText;

/// <summary>
/// Precision and recall over word shingles (runs of four words, counted with multiplicity), the metric of the
/// article-extraction benchmark the issue measured with: unlike a bag of words it notices a caption or dateline
/// spliced into a sentence, and text in the wrong order. Words as that benchmark's tokenizer takes them (runs of
/// letters, digits and underscores, case kept: "Photo" and "photo" are different words to it).
/// </summary>
internal static partial class ShingleF1
{
    private const int Size = 4;

    [GeneratedRegex(@"[\p{L}\p{N}_]+")]
    private static partial Regex Word();

    public static (double Precision, double Recall, double F1) Of(string actual, string expected)
    {
        var a = Shingles(actual);
        var e = Shingles(expected);
        var actualCount = a.Values.Sum();
        var expectedCount = e.Values.Sum();
        if (actualCount == 0 && expectedCount == 0)
        {
            return (1, 1, 1);
        }

        var overlap = a.Sum(kv => Math.Min(kv.Value, e.GetValueOrDefault(kv.Key)));
        var precision = actualCount == 0 ? 0 : (double)overlap / actualCount;
        var recall = expectedCount == 0 ? 0 : (double)overlap / expectedCount;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>Shingles in common, in the actual text and in the expected text: for figures pooled over pages.</summary>
    public static (int Overlap, int Actual, int Expected) Counts(string actual, string expected)
    {
        var a = Shingles(actual);
        var e = Shingles(expected);
        return (a.Sum(kv => Math.Min(kv.Value, e.GetValueOrDefault(kv.Key))), a.Values.Sum(), e.Values.Sum());
    }

    public static List<string> Words(string text) => Word().Matches(text).Select(m => m.Value).ToList();

    public static Dictionary<string, int> Shingles(string text)
    {
        var words = Words(text);
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        if (words.Count is > 0 and < Size)
        {
            bag[string.Join(' ', words)] = 1;
        }

        for (var i = 0; i + Size <= words.Count; i++)
        {
            var shingle = string.Join(' ', words.GetRange(i, Size));
            bag[shingle] = bag.GetValueOrDefault(shingle) + 1;
        }

        return bag;
    }
}
