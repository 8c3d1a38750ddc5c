using Aggregator.Model;
using Aggregator.Topics;
using Xunit;
using static Aggregator.Tests.Topics.TopicFixtures;

namespace Aggregator.Tests.Topics;

/// <summary>The CONTRACT §3 example topics over the sample outlets' real text.</summary>
public class SampleTopicTests
{
    private static readonly TopicDefinition Venezuela = Topic("venezuela", include: ["venezuela", "maduro", "guaido", "bolivarian"]);
    private static readonly TopicDefinition Coups = Topic("coups", include: ["coup*", "regime change"], exclude: ["coupon*"]);

    private static readonly IReadOnlyList<Article> Samples = SampleArticles();

    private static Article Titled(string title) => Samples.Single(a => a.Title == title);

    [Fact]
    public void Sample_BolivianCoupTitle_IsInCoups() =>
        Assert.Equal(["all", "coups"], new TopicMatcher([TopicDefinition.All, Venezuela, Coups]).Match(Titled("How The Bolivian People Defeated The Coup")));

    [Fact]
    public void Sample_UsLedCoupTitle_IsInVenezuelaAndCoups() =>
        Assert.Equal(["venezuela", "coups"], new TopicMatcher([Venezuela, Coups]).Match(Titled("Venezuela: It Was A US-Led Coup All Along")));

    [Fact]
    public void Sample_SahelStoryWithoutItsCategory_IsInNeither() =>
        Assert.Empty(new TopicMatcher([Venezuela, Coups]).Match(Titled("The Sahel Stands Up; The World Must Pay Attention") with { Categories = [] }));

    [Fact]
    public void Sample_GuaidoTerm_FindsEveryTeaserWithEitherSpelling()
    {
        var matcher = new TopicMatcher([Topic("guaido", include: ["guaido"])]);
        var teasers = Samples.Where(a => a.OutletId == "marxist-com").ToList();
        var expected = teasers.Where(a => a.Summary!.Contains("Guaido", StringComparison.Ordinal) || a.Summary.Contains("Guaidó", StringComparison.Ordinal)).Select(a => a.Id).ToList();
        var actual = teasers.Where(a => matcher.Match(a).Count > 0).Select(a => a.Id).ToList();

        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, actual);
        // One of them spells it only with the accent.
        Assert.Contains(teasers.Where(a => actual.Contains(a.Id)), a => !a.Summary!.Contains("Guaido", StringComparison.Ordinal));
    }

    [Fact]
    public void Sample_CoupsTopic_TakesEachPopularResistanceStoryThatMentionsACoup()
    {
        var matcher = new TopicMatcher([Coups]);
        foreach (var article in Samples.Where(a => a.OutletId == "popular-resistance"))
        {
            // Every entry is filed under the "Coups" category, which coup* matches.
            Assert.Equal(["coups"], matcher.Match(article));
        }
    }

    [Fact]
    public void Sample_CoupsTopicWithoutCategories_FollowsTheText()
    {
        var matcher = new TopicMatcher([Coups]);
        var pr = Samples.Where(a => a.OutletId == "popular-resistance").Select(a => a with { Categories = [] }).ToList();
        var matched = pr.Where(a => matcher.Match(a).Count > 0).Select(a => a.Title).ToList();

        Assert.Contains("Probing US Regime-Change in Pakistan And Bangladesh", matched);
        Assert.Contains("Anti-Coup Rebellion In Eastern Ukraine Completes 10 Years", matched);
        Assert.DoesNotContain("The Sahel Stands Up; The World Must Pay Attention", matched);
        Assert.DoesNotContain("Washington Is Trying To Divide Revolutionary Forces In Bolivia", matched);
    }

    [Fact]
    public void Sample_HundredTopics_EveryOneMatchesTheArticleOnEveryRun()
    {
        var topics = new List<TopicDefinition> { TopicDefinition.All, Venezuela, Coups };
        for (var i = 0; i < 97; i++)
        {
            topics.Add(Topic($"t{i}", include: [$"word{i}", $"prefix{i}*", $"two words{i}", "venezuela"], exclude: [$"not{i}"]));
        }

        var matcher = new TopicMatcher(topics);
        var article = Titled("Venezuela: It Was A US-Led Coup All Along");
        var text = MatchableText.From(article);
        matcher.Match(text, article.OutletId);

        // Speed is measured by the benchmarks (bench/); this checks repeated matching stays correct.
        const int runs = 200;
        var total = 0;
        for (var i = 0; i < runs; i++)
        {
            total += matcher.Match(text, article.OutletId).Count;
        }

        Assert.Equal(100 * runs, total);
    }
}
