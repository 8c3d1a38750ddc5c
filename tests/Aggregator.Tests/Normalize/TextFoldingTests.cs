using System.Globalization;
using System.Text;
using Aggregator.Normalize;
using Xunit;

namespace Aggregator.Tests.Normalize;

public class TextFoldingTests
{
    [Fact]
    public void Fold_Case_IsLowered() => Assert.Equal("venezuela it was a us led coup all along", TextFolding.Fold("Venezuela: It Was A US-Led Coup All Along"));

    [Theory]
    [InlineData("Guaidó", "guaido")]
    [InlineData("Guaido\u0301", "guaido")]
    [InlineData("Nicolás Maduro", "nicolas maduro")]
    [InlineData("Juan José Zúñiga", "juan jose zuniga")]
    [InlineData("Jeanine Áñez", "jeanine anez")]
    [InlineData("Luís Fajardo", "luis fajardo")]
    [InlineData("Jorge Martín", "jorge martin")]
    public void Fold_Accents_AreRemoved(string input, string expected) => Assert.Equal(expected, TextFolding.Fold(input));

    [Theory]
    [InlineData("Straße", "strasse")]
    [InlineData("Æsir", "aesir")]
    [InlineData("København Ø", "kobenhavn o")]
    [InlineData("Łódź", "lodz")]
    [InlineData("ﬁnance", "finance")]
    public void Fold_LettersWithoutDecomposition_AreFolded(string input, string expected) => Assert.Equal(expected, TextFolding.Fold(input));

    [Fact]
    public void Fold_CurlyQuotesAndDashes_SeparateWordsLikeAscii() =>
        Assert.Equal(TextFolding.Fold("Venezuela's \"fraud\" - 2024"), TextFolding.Fold("Venezuela’s “fraud” — 2024"));

    [Fact]
    public void Fold_PunctuationRuns_BecomeOneSpaceAndEndsAreTrimmed() =>
        Assert.Equal("regime change in pakistan", TextFolding.Fold("  ...Regime-Change!!! in   (Pakistan)?  "));

    [Fact]
    public void Fold_NonLatinLetters_AreKept() => Assert.Equal("ελλαδα москва 北京", TextFolding.Fold("Ελλάδα, Москва; 北京"));

    [Fact]
    public void Fold_Digits_AreKept() => Assert.Equal("51 2 of 80", TextFolding.Fold("51.2% of 80%"));

    [Fact]
    public void Words_SplitTheFoldedText() =>
        Assert.Equal(["how", "the", "bolivian", "people"], TextFolding.Words(TextFolding.Fold("How The Bolivian People")));

    [Fact]
    public void Words_EmptyText_HasNoWords() => Assert.Empty(TextFolding.Words(""));

    [Fact]
    public void Fold_IsIdempotent()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Samples, "000_44fc27ac66db4b39.txt"));
        var once = TextFolding.Fold(text);
        Assert.Equal(once, TextFolding.Fold(once));
    }

    /// <summary>
    /// Characters past the precomputed table are folded into the builder without a string each (issue 23): every one of
    /// them, between two letters, folds as the per-character rules always did.
    /// </summary>
    [Fact]
    public void Fold_EveryCharacterPastTheTable_FoldsByTheSameRules()
    {
        var differences = new List<string>();
        for (var c = 0x3000; c <= 0xFFFF && differences.Count < 10; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var expected = Expected(((char)c).ToString(), ByCharacter((char)c));
            var actual = TextFolding.Fold($"a{(char)c}b");
            if (actual != expected)
            {
                differences.Add($"U+{c:X4}: \"{actual}\", expected \"{expected}\"");
            }
        }

        foreach (var rune in new[] { 0x1F600, 0x1D400, 0x10400, 0x1E900, 0x20000, 0x1F3FB, 0xE0041 })
        {
            var text = char.ConvertFromUtf32(rune);
            var r = new Rune(rune);
            var expected = Expected(text, Rune.IsLetterOrDigit(r) ? Rune.ToLowerInvariant(r).ToString() : IsMark(Rune.GetUnicodeCategory(r)) ? "" : null);
            if (TextFolding.Fold($"a{text}b") is var actual && actual != expected)
            {
                differences.Add($"U+{rune:X5}: \"{actual}\", expected \"{expected}\"");
            }
        }

        Assert.Empty(differences);

        static string Expected(string _, string? folded) => folded is null ? "a b" : $"a{folded}b";
    }

    [Fact]
    public void Fold_EastAsianText_AllocatesOnlyItsResult()
    {
        var text = string.Concat(Enumerable.Repeat("東京の天気は晴れ。ﬁnance Ｗｏｒｌｄ ", 40));
        _ = TextFolding.Fold(text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var folded = TextFolding.Fold(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A string per letter outside the table was 26 bytes or more each, besides the result.
        Assert.True(allocated < (2L * folded.Length) + 64, $"{allocated} bytes for a {folded.Length}-character result");
    }

    // The rules for one character outside the table, as Fold has always applied them.
    private static string? ByCharacter(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            var ascii = (char)(c - 0xFEE0);
            return char.IsAsciiLetterOrDigit(ascii) ? char.ToLowerInvariant(ascii).ToString() : null;
        }

        if (c is >= '\uFB00' and <= '\uFB4F' && char.IsLetterOrDigit(c))
        {
            var letters = string.Concat(c.ToString().Normalize(NormalizationForm.FormKD).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
            return letters.Length == 0 ? null : letters;
        }

        return char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c).ToString() : IsMark(char.GetUnicodeCategory(c)) ? "" : null;
    }

    private static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
