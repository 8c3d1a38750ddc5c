using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class NearDuplicateSignatureTests
{
    [Fact]
    public void Compute_SameText_IsPinnedAcrossRunsAndProcesses()
    {
        // Pinned values: signatures are stored, so the hash must not depend on the process (no
        // string.GetHashCode, no random seeds). A change here needs a migration that recomputes them.
        ArticleText text = ArticleTexts.Full("bolivia-a");
        NearDuplicateSignature signature = NearDuplicateSignature.Compute(text.Title, text.Body);
        Assert.Equal(new NearDuplicateSignature(196917240066122039UL, 16187227942330711091UL, 5022963435319188223UL), signature);
        Assert.Equal(signature, NearDuplicateSignature.Compute(text.Title, text.Body));
    }

    [Fact]
    public void Compute_CopyWithFurniture_IsEqual_AndWithAnAddedSentence_KeepsItsLead()
    {
        ArticleText text = ArticleTexts.Full("venezuela-a");
        NearDuplicateSignature original = NearDuplicateSignature.Compute(text.Title, text.Body);
        NearDuplicateSignature copy = NearDuplicateSignature.Compute(text.Title.ToUpperInvariant(),
            "<p>" + text.Body!.Replace("\n\n", "</p><p>", StringComparison.Ordinal) + "</p><p>The post x appeared first on y.</p>");
        Assert.Equal(original, copy);
        NearDuplicateSignature edited = NearDuplicateSignature.Compute(text.Title, text.Body + "\n\nSupporters of the government gather outside the palace.");
        // One added sentence can move the whole-text hash past the index distance; the lead holds.
        Assert.Equal(original.Lead, edited.Lead);
        Assert.NotEqual(original.Text, edited.Text);
    }

    [Fact]
    public void Compute_Teaser_HasTheSameLeadAsTheFullText()
    {
        ArticleText full = ArticleTexts.Full("bolivia-b");
        string teaser = ArticleTexts.Paragraphs("bolivia-b")[0] + " [&#8230;]";
        NearDuplicateSignature a = NearDuplicateSignature.Compute(full.Title, full.Body);
        NearDuplicateSignature b = NearDuplicateSignature.Compute(full.Title, teaser);
        Assert.Equal(a.Lead, b.Lead);
        Assert.True(SimHash.Distance(a.Text, b.Text) > NearDuplicateIndex.MaxDistance, "a whole-text hash cannot see a teaser; that is what Lead is for");
    }

    [Fact]
    public void Compute_ShortTitleAndShortBody_LeaveThoseParts0()
    {
        NearDuplicateSignature signature = NearDuplicateSignature.Compute("Weekly roundup", "Three stories this week.");
        Assert.Equal(0UL, signature.Title);
        Assert.Equal(0UL, signature.Lead);
        Assert.NotEqual(0UL, signature.Text);
        Assert.Equal(default, NearDuplicateSignature.Compute("", null));
    }

    [Fact]
    public void ToBytes_RoundTripsThrough24Bytes()
    {
        ArticleText text = ArticleTexts.Full("niger-a");
        NearDuplicateSignature signature = NearDuplicateSignature.Compute(text.Title, text.Body);
        byte[] bytes = signature.ToBytes();
        Assert.Equal(NearDuplicateSignature.Size, bytes.Length);
        Assert.Equal(24, bytes.Length);
        Assert.Equal(signature, NearDuplicateSignature.FromBytes(bytes));
    }

    [Fact]
    public void StableHash_IsFnv1aWithMix_NotTheRuntimeHash()
    {
        // Pinned against an independent computation, so a refactor cannot change stored values unnoticed.
        Assert.Equal(0x8a7e0613c4d7e17aUL, StableHash.Of("coup"));
        Assert.NotEqual(StableHash.Of("coup"), StableHash.Of("coups"));
    }
}
