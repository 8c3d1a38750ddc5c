using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class DuplicatePolicyTests
{
    private static readonly DuplicatePolicy Policy = DuplicatePolicy.Default;

    [Fact]
    public void IsDuplicate_SameTextInOtherTypography_IsExactText()
    {
        ArticleText a = ArticleTexts.Full("venezuela-a");
        var b = new ArticleText(a.Title.ToUpperInvariant(), "<p>" + a.Body!.Replace('’', '\'') + "</p><p>Continue reading →</p>");
        DuplicateVerdict verdict = Policy.IsDuplicate(a, b);
        Assert.Equal(DuplicateLevel.ExactText, verdict.Level);
        Assert.Equal("exact-text", verdict.LevelName);
    }

    [Fact]
    public void IsDuplicate_TeaserOfTheArticle_IsNearTextWithAReason()
    {
        ArticleText full = ArticleTexts.Full("niger-a");
        DuplicateVerdict verdict = Policy.IsDuplicate(new ArticleText(full.Title, ArticleTexts.Paragraphs("niger-a")[0] + " [&hellip;]"), full);
        Assert.Equal(DuplicateLevel.NearText, verdict.Level);
        Assert.StartsWith("teaser:", verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', verdict.Reason);
    }

    [Fact]
    public void IsDuplicate_CopyWithAParagraphDroppedAndANoteAdded_IsNearText()
    {
        string[] p = ArticleTexts.Paragraphs("bolivia-a");
        var copy = new ArticleText(ArticleTexts.Title("bolivia-a"), string.Join("\n\n", p[0], p[1], p[3], "Supporters of the government gather outside the palace."));
        Assert.Equal(DuplicateLevel.NearText, Policy.IsDuplicate(ArticleTexts.Full("bolivia-a"), copy).Level);
    }

    [Fact]
    public void IsDuplicate_ThreeReportsOfOneFailedCoup_AreDistinct()
    {
        Assert.False(Policy.IsDuplicate(ArticleTexts.Full("bolivia-a"), ArticleTexts.Full("bolivia-b")).IsDuplicate);
        Assert.False(Policy.IsDuplicate(ArticleTexts.Full("bolivia-a"), ArticleTexts.Full("bolivia-c")).IsDuplicate);
        Assert.False(Policy.IsDuplicate(ArticleTexts.Full("bolivia-b"), ArticleTexts.Full("bolivia-c")).IsDuplicate);
    }

    [Fact]
    public void IsDuplicate_RealTeasersOfTwoBolivianCoupArticles_AreDistinct()
    {
        // Popular Resistance's listing: two teleSUR-sourced pieces sharing a long phrase about Zúñiga's troops.
        string listing = File.ReadAllText(Path.Combine(TestPaths.Samples, "002_2204dce29aff7d18.txt"));
        string[] lines = [.. listing.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        int first = Array.IndexOf(lines, "How The Bolivian People Defeated The Coup");
        int second = Array.IndexOf(lines, "The Bolivian People Defeated Another Coup");
        DuplicateVerdict verdict = Policy.IsDuplicate(new ArticleText(lines[first], lines[first + 1]), new ArticleText(lines[second], lines[second + 1]));
        Assert.False(verdict.IsDuplicate, verdict.ToString());
    }

    [Fact]
    public void IsDuplicate_FundraisingAppealPrintedTwiceOnTheRealListing_IsOneItem()
    {
        // The Popular Resistance listing prints its appeal twice, the second time with different line breaks.
        string listing = File.ReadAllText(Path.Combine(TestPaths.Samples, "002_2204dce29aff7d18.txt"));
        const string Heading = "Urgent End Of Year Fundraising Campaign";
        int first = listing.IndexOf(Heading, StringComparison.Ordinal);
        int second = listing.IndexOf(Heading, first + Heading.Length, StringComparison.Ordinal);
        var a = new ArticleText(Heading, listing[(first + Heading.Length)..second]);
        var b = new ArticleText(Heading, listing[(second + Heading.Length)..]);
        Assert.NotEqual(a.Body, b.Body);
        Assert.Equal(DuplicateLevel.ExactText, Policy.IsDuplicate(a, b).Level);
    }

    [Fact]
    public void IsDuplicate_SeriesIssuesSharingTheirIntro_AreDistinct()
    {
        var teaser12 = new ArticleText(ArticleTexts.Title("series-12"), ArticleTexts.Paragraphs("series-12")[0] + " […]");
        DuplicateVerdict verdict = Policy.IsDuplicate(teaser12, ArticleTexts.Full("series-13"));
        Assert.False(verdict.IsDuplicate);
        Assert.Contains("numbers", verdict.Reason, StringComparison.Ordinal);
        Assert.True(Policy.IsDuplicate(teaser12, ArticleTexts.Full("series-12")).IsDuplicate);
    }

    [Fact]
    public void IsDuplicate_ShortGenericTitlesWithoutText_AreDistinct()
    {
        Assert.False(Policy.IsDuplicate(new ArticleText("Weekly roundup", null), new ArticleText("WEEKLY ROUNDUP", "")).IsDuplicate);
        Assert.False(Policy.IsDuplicate(new ArticleText("News in brief", null), ArticleTexts.Full("brief-1")).IsDuplicate);
        Assert.False(Policy.IsDuplicate(ArticleTexts.Full("roundup-1"), ArticleTexts.Full("roundup-2")).IsDuplicate);
    }

    [Fact]
    public void IsDuplicate_SameGenericTitleAndSameText_IsExactText()
    {
        ArticleText roundup = ArticleTexts.Full("roundup-1");
        Assert.Equal(DuplicateLevel.ExactText, Policy.IsDuplicate(roundup, roundup with { Body = roundup.Body + " Read more" }).Level);
    }

    [Fact]
    public void IsDuplicate_LongIdenticalTitleWithoutText_IsNearTextUnlessTheTextsContradict()
    {
        ArticleText full = ArticleTexts.Full("pakistan-b");
        DuplicateVerdict titleOnly = Policy.IsDuplicate(new ArticleText(full.Title.ToUpperInvariant(), null), full);
        Assert.Equal(DuplicateLevel.NearText, titleOnly.Level);
        Assert.Contains("title", titleOnly.Reason, StringComparison.Ordinal);

        var otherText = new ArticleText(full.Title, ArticleTexts.Full("pakistan-a").Body);
        Assert.False(Policy.IsDuplicate(otherText, full).IsDuplicate);
    }

    [Fact]
    public void IsDuplicate_ArticlesSharingOneLongQuotation_AreDistinct()
    {
        Assert.False(Policy.IsDuplicate(ArticleTexts.Full("quote-a"), ArticleTexts.Full("quote-b")).IsDuplicate);
        var quoteOnly = new ArticleText("Maduro On The MAS Split", ArticleTexts.Paragraphs("quote-a")[1]);
        DuplicateVerdict verdict = Policy.IsDuplicate(quoteOnly, ArticleTexts.Full("quote-b"));
        Assert.False(verdict.IsDuplicate);
        Assert.Contains("does not start", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_AreTunable_AndStricterOnesRejectTheTeaser()
    {
        ArticleText full = ArticleTexts.Full("argentina-a");
        var teaser = new ArticleText(full.Title, ArticleTexts.Paragraphs("argentina-a")[0]);
        Assert.True(Policy.IsDuplicate(teaser, full).IsDuplicate);
        Assert.False((Policy with { MinContainedShingles = 1_000 }).IsDuplicate(teaser, full).IsDuplicate);
        Assert.False((Policy with { Containment = 1.01 }).IsDuplicate(teaser, full).IsDuplicate);
    }
}
