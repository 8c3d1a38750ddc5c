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
    public void FoldNonAscii_EveryCharacter_FoldsAsUnicodesTablesSay_FirstTimeAndKept()
    {
        // The characters past the Latin table are folded once and kept: the kept answer must be the worked-out one for
        // every character of the plane, asked for from several threads at once (first folds race) and then again (kept).
        var differing = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 4, _ =>
        {
            for (var c = 128; c <= char.MaxValue; c++)
            {
                if (TextNormalizer.FoldNonAscii((char)c) != TextNormalizer.FoldSlow((char)c))
                {
                    differing.Add(c);
                }
            }
        });
        for (var c = 128; c <= char.MaxValue; c++)
        {
            if (TextNormalizer.FoldNonAscii((char)c) != TextNormalizer.FoldSlow((char)c))
            {
                differing.Add(c);
            }
        }

        Assert.Empty(differing);
    }

    [Fact]
    public void Fold_GreekCyrillicAndCjk_FoldsToTheirLetters()
    {
        Assert.Equal("αθηνα москва 北京 2024", TextNormalizer.Fold("Αθήνα — Москва «北京» 2024"));
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
