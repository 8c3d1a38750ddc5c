using System.Text.RegularExpressions;

namespace Aggregator.Tests.FullText;

/// <summary>Bag-of-words F1 between two texts: tokens are lower-cased runs of letters and digits.</summary>
internal static partial class TokenF1
{
    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    public static double Of(string actual, string expected)
    {
        var a = Bag(actual);
        var e = Bag(expected);
        var actualCount = a.Values.Sum();
        var expectedCount = e.Values.Sum();
        if (actualCount == 0 && expectedCount == 0)
        {
            return 1;
        }

        if (actualCount == 0 || expectedCount == 0)
        {
            return 0;
        }

        var overlap = a.Sum(kv => Math.Min(kv.Value, e.GetValueOrDefault(kv.Key)));
        var precision = (double)overlap / actualCount;
        var recall = (double)overlap / expectedCount;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    private static Dictionary<string, int> Bag(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(text))
        {
            var token = m.Value.ToLowerInvariant();
            bag[token] = bag.GetValueOrDefault(token) + 1;
        }

        return bag;
    }
}
