namespace Aggregator.FullText;

/// <summary>Readability's token overlap: the share of b's tokens (by length) that also occur in a.</summary>
internal static class TextSimilarity
{
    public static double Of(string a, string b)
    {
        var tokensA = Tokens(a);
        var tokensB = Tokens(b);
        if (tokensA.Length == 0 || tokensB.Length == 0)
        {
            return 0;
        }

        var setA = new HashSet<string>(tokensA, StringComparer.Ordinal);
        var uniqueB = tokensB.Where(t => !setA.Contains(t)).ToArray();
        var distance = (double)string.Join(' ', uniqueB).Length / string.Join(' ', tokensB).Length;
        return 1 - distance;
    }

    private static string[] Tokens(string s) =>
        ReadabilityPatterns.NonWord().Split(s.ToLowerInvariant()).Where(t => t.Length > 0).ToArray();
}
