using System.IO.Hashing;
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

    /// <summary>Thousands of one-byte separators and numbers carry the gathered bytes over many buffer growths.</summary>
    [Fact]
    public void ManySmallParts_AcrossBufferGrowth_AreTheConcatenatedText()
    {
        var concatenated = new StringBuilder();
        using var digest = new Utf8Digest();
        for (long i = 0; i < 20_000; i++)
        {
            var word = i % 7 == 0 ? "é" : i % 11 == 0 ? "" : "w";
            concatenated.Append(word).Append('\u001f').Append((object?)(i * 7919 - 50_000));
            digest.Append(word).Append('\u001f').Append(i * 7919 - 50_000);
        }
        var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(concatenated.ToString())), 0, 16);

        Assert.Equal(expected, digest.Hex(16));
        // The digest starts over after it is read, as IncrementalHash.GetHashAndReset did.
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("x")), 0, 16), digest.Append("x").Hex(16));
    }

    /// <summary>The content hash's digest: of the same gathered bytes, told apart from a stored SHA-256 one by its "x".</summary>
    [Fact]
    public void TheXxHash128Digest_IsTheOneOfTheConcatenatedText_AndNeverLooksLikeTheOldOne()
    {
        var concatenated = "https://example.org/a\u001fÜnïcödé — 日本語 😀\u001f1700000000000";
        var expected = "x" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(concatenated)));

        using var digest = new Utf8Digest();
        var actual = digest.Append("https://example.org/a").Append('\u001f').Append("Ünïcödé — 日本語 😀").Append('\u001f').Append(1700000000000L).XxHash128Hex();

        Assert.Equal(expected, actual);
        Assert.Equal(33, actual.Length);
        Assert.False(ContentHash.IsLegacy(actual));
        Assert.True(ContentHash.IsLegacy(digest.Append("x").Hex(16)));
        // It starts over after it is read.
        Assert.Equal("x" + Convert.ToHexStringLower(XxHash128.Hash("x"u8)), digest.Append("x").XxHash128Hex());
    }
}
