using System.Security.Cryptography;
using System.Text;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>Stored content hashes must not change when the digest stops building the concatenated text.</summary>
public sealed class Utf8DigestTests
{
    [Theory]
    [InlineData("https://example.org/a", "Ünïcödé — “quoted” 日本語 😀", 1700000000000L)]
    [InlineData("", "\ud800 lone surrogate at the end \ud83d", -5L)]
    [InlineData("plain", "", null)]
    public void TheDigest_IsTheOneOfTheConcatenatedText(string first, string second, long? number)
    {
        var big = string.Concat(Enumerable.Repeat(second + " body ", 5_000));
        var concatenated = new StringBuilder()
            .Append(first).Append('\u001f').Append(big).Append('\u001f').Append((object?)number).Append('\u001f')
            .AppendJoin('\u001e', [first, second, "c"]).ToString();
        var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(concatenated)), 0, 16);

        using var digest = new Utf8Digest();
        var actual = digest.Append(first).Append('\u001f').Append(big).Append('\u001f').Append(number).Append('\u001f')
            .AppendJoin('\u001e', [first, second, "c"]).Hex(16);

        Assert.Equal(expected, actual);
    }
}
