using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class SimilarityTests
{
    [Fact]
    public void Compute_SameTextDifferentMarkup_IsOne()
    {
        string text = ArticleTexts.Full("niger-b").Body!;
        SimilarityScore score = Similarity.Compute(text, "<p>" + text.Replace("\n\n", "</p><p>", StringComparison.Ordinal) + "</p>");
        Assert.Equal(1.0, score.Jaccard);
        Assert.Equal(1.0, score.Containment);
        Assert.Equal(0, score.StartOffset);
    }

    [Fact]
    public void Compute_TeaserOfFullText_IsContainedFromTheStart()
    {
        string full = ArticleTexts.Full("bolivia-c").Body!;
        SimilarityScore score = Similarity.Compute(ArticleTexts.Paragraphs("bolivia-c")[0] + " […]", full);
        Assert.Equal(1.0, score.Containment);
        Assert.True(score.Jaccard < 0.5);
        Assert.Equal(0, score.StartOffset);
    }

    [Fact]
    public void Compute_QuotationLiftedFromTheMiddle_IsContainedButStartsLate()
    {
        SimilarityScore score = Similarity.Compute(ArticleTexts.Paragraphs("quote-a")[1], ArticleTexts.Full("quote-b").Body);
        Assert.True(score.Containment > 0.8);
        Assert.True(score.StartOffset > DuplicatePolicy.Default.MaxStartOffset);
    }

    [Fact]
    public void Compute_TwoReportsOfOneEvent_ShareLittle()
    {
        SimilarityScore score = Similarity.Compute(ArticleTexts.Full("bolivia-a").Body, ArticleTexts.Full("bolivia-b").Body);
        Assert.True(score.Jaccard < 0.1);
        Assert.True(score.Containment < 0.2);
    }

    [Fact]
    public void Compute_EmptyText_IsZero()
    {
        SimilarityScore score = Similarity.Compute("", "Some text here.");
        Assert.Equal(0, score.Jaccard);
        Assert.Equal(0, score.ShinglesA);
        Assert.Equal(-1, score.StartOffset);
    }
}
