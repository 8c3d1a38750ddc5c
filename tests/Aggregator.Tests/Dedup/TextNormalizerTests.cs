using Aggregator.Normalize;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Fold_CaseAccentsQuotesAndDashes_FoldToPlainWords()
    {
        Assert.Equal("juan guaido s interim presidency 2019 2020",
            TextNormalizer.Fold("Juan Guaidó’s “Interim” Presidency — 2019–2020"));
        Assert.Equal(TextNormalizer.Fold("Zúñiga's coup d'état"), TextNormalizer.Fold("ZUNIGA’S COUP D’ETAT"));
    }

    [Fact]
    public void Fold_LettersWithoutDecomposition_AreSpelledOut()
    {
        Assert.Equal("strasse oresund lodz", TextNormalizer.Fold("Straße Øresund Łódź"));
    }

    [Fact]
    public void FoldBody_Html_StripsTagsDecodesEntitiesAndDropsScripts()
    {
        string html = "<p>Maduro&#8217;s <b>victory</b>&nbsp;&amp; the CNE</p><script>var x = '<p>';</script><p>Second</p>";
        Assert.Equal("maduro s victory the cne second", BodyFolding.FoldBody(html));
    }

    [Fact]
    public void FoldBody_FigureCaption_IsDropped()
    {
        string html = "<figure><img src=\"a.jpg\"><figcaption>Soldiers in Murillo Square. Photo: AFP</figcaption></figure><p>The coup failed.</p>";
        Assert.Equal("the coup failed", BodyFolding.FoldBody(html));
    }

    [Fact]
    public void ToPlainText_LoneLessThan_IsText()
    {
        Assert.Equal("51.2% < 80% counted", TagStripper.ToPlainText("51.2% < 80% counted"));
        Assert.Equal("a < b\nc", TagStripper.ToPlainText("a &lt; b<br>c"));
    }

    [Fact]
    public void FoldTitle_EntitiesInTitle_AreDecoded()
    {
        Assert.Equal("bolivia s people defeated the coup", TextNormalizer.FoldTitle("Bolivia&#8217;s People Defeated The Coup"));
    }
}
