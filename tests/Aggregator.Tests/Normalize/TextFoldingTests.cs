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
}
