using Aggregator.Model;
using Aggregator.Topics;
using Xunit;
using static Aggregator.Tests.Topics.TopicFixtures;

namespace Aggregator.Tests.Topics;

/// <summary>CONTRACT §3 "Term matching", one rule per test.</summary>
public class TopicMatcherTests
{
    private static bool In(TopicDefinition topic, Article article) => new TopicMatcher([topic]).Match(article).Contains(topic.Id);

    [Fact]
    public void Match_Term_IsCaseInsensitive()
    {
        var topic = Topic("venezuela", include: ["venezuela"]);
        Assert.True(In(topic, Article("VENEZUELA: AN ATTEMPTED COUP BY ANY OTHER NAME")));
        Assert.True(In(Topic("v", include: ["VeNeZuElA"]), Article("venezuela: an attempted coup")));
    }

    [Fact]
    public void Match_Term_IsAccentInsensitive()
    {
        // The In Defence of Marxism teasers spell the name both ways.
        Assert.True(In(Topic("v", include: ["guaido"]), Article("", "On 11 January, Juan Guaidó, the president of the opposition National Assembly")));
        Assert.True(In(Topic("v", include: ["Guaidó"]), Article("", "the Kingdom of Morocco expressed its official support for Juan Guaido")));
    }

    [Fact]
    public void Match_Term_MatchesAWholeWordOnly()
    {
        var topic = Topic("coups", include: ["coup"]);
        Assert.True(In(topic, Article("How The Bolivian People Defeated The Coup")));
        Assert.False(In(topic, Article("The newspaper is notorious for backing undemocratic coups in Venezuela.")));
        Assert.False(In(topic, Article("Save with this coupon")));
        Assert.False(In(Topic("v", include: ["venezuela"]), Article("Venezuelan gold withheld by the UK")));
    }

    [Fact]
    public void Match_StarTerm_MatchesEveryWordStartingWithIt()
    {
        var topic = Topic("coups", include: ["coup*"]);
        Assert.True(In(topic, Article("The newspaper is notorious for backing undemocratic coups in Venezuela.")));
        Assert.True(In(topic, Article("Venezuela: It Was A US-Led Coup All Along")));
        Assert.False(In(topic, Article("The Sahel Stands Up; The World Must Pay Attention")));
        // The prefix applies at the start of a word, not inside one.
        Assert.False(In(topic, Article("A hiccup")));
    }

    [Fact]
    public void Match_MultiWordTerm_MatchesThePhrase()
    {
        var topic = Topic("coups", include: ["regime change"]);
        Assert.True(In(topic, Article("", "accused the United States of covert regime change operations to topple their governments")));
        Assert.False(In(topic, Article("", "the governing regime was newly installed; nothing would change")));
        Assert.False(In(topic, Article("", "a change of regime")));
    }

    [Fact]
    public void Match_MultiWordTerm_MatchesAcrossPunctuation()
    {
        var topic = Topic("coups", include: ["regime change"]);
        Assert.True(In(topic, Article("Probing US Regime-Change in Pakistan And Bangladesh")));
        Assert.True(In(topic, Article("", "The United States has decided it is time for “regime change” in Venezuela")));
    }

    [Fact]
    public void Match_MultiWordTermEndingInStar_MatchesThePhraseWithAnyEnding() =>
        Assert.True(In(Topic("c", include: ["regime chang*"]), Article("", "regime changes everywhere")));

    [Fact]
    public void Match_Phrase_DoesNotSpanTwoFields() =>
        Assert.False(In(Topic("c", include: ["regime change"]), Article("Inside the regime", "Change comes slowly")));

    [Fact]
    public void Match_TermInTitle_Matches() =>
        Assert.True(In(Topic("bolivia", include: ["bolivia"]), Article("Bolivia: A Coup Attempt With Winds From The North")));

    [Fact]
    public void Match_TermInSummaryHtml_MatchesTheDisplayedText() =>
        Assert.True(In(Topic("v", include: ["bolivarian revolution"]), Article("", "<p>a 20-year campaign against the <b>Bolivarian</b>&nbsp;<a href=\"/r\">Revolution</a></p>")));

    [Fact]
    public void Match_TermInContentHtml_Matches() =>
        Assert.True(In(Topic("v", include: ["maduro"]), Article("An Attack On Venezuela’s Democracy", null, "<div><p>saw President <em>Maduro</em> win 51.2% of the vote</p></div>")));

    [Fact]
    public void Match_TermInCategories_Matches()
    {
        var topic = Topic("ukraine", include: ["ukraine"]);
        Assert.True(In(topic, Article("Completes 10 Years", categories: ["Coups", "Ukraine"])));
        Assert.False(In(topic, Article("Completes 10 Years", categories: ["Coups"])));
    }

    [Fact]
    public void Match_TermOnlyInsideMarkup_DoesNotMatch() =>
        Assert.False(In(Topic("v", include: ["venezuela"]), Article("A story", "<p><a href=\"https://example.org/venezuela\" title=\"venezuela\">read</a></p>")));

    [Fact]
    public void Match_AnyIncludeTerm_IsEnough() =>
        Assert.True(In(Topic("v", include: ["venezuela", "maduro", "guaido", "bolivarian"]), Article("", "the Bolivarian process")));

    [Fact]
    public void Match_ExcludeTerm_WinsOverInclude()
    {
        var topic = Topic("coups", include: ["coup*", "regime change"], exclude: ["coupon*"]);
        Assert.False(In(topic, Article("Coupons for the coup: a discount on regime change")));
        Assert.True(In(topic, Article("The Bolivian People Defeated Another Coup")));
    }

    [Fact]
    public void Match_ExcludeTerm_WorksWithoutIncludeTerms() =>
        Assert.False(In(Topic("no-ads", exclude: ["fundraising"]), Article("Urgent End Of Year Fundraising Campaign")));

    [Fact]
    public void Match_OutletNotListed_IsLeftOut()
    {
        var topic = Topic("imt-venezuela", include: ["venezuela"], outlets: ["marxist-com"]);
        Assert.True(In(topic, Article("", "a coup in Venezuela", outlet: "marxist-com")));
        Assert.False(In(topic, Article("Venezuela: It Was A US-Led Coup All Along", outlet: "popular-resistance")));
    }

    [Fact]
    public void Match_TopicWithoutIncludeTerms_TakesEveryArticleOfItsOutlets()
    {
        var topic = Topic("pr", outlets: ["popular-resistance"]);
        Assert.True(In(topic, Article("The Sahel Stands Up; The World Must Pay Attention")));
        Assert.False(In(topic, Article("The Sahel Stands Up", outlet: "marxist-com")));
    }

    [Fact]
    public void Match_BuiltInAll_TakesEveryArticle()
    {
        var matcher = new TopicMatcher([TopicDefinition.All, Topic("coups", include: ["coup*"])]);
        Assert.Equal(["all"], matcher.Match(Article("")));
        Assert.Equal(["all", "coups"], matcher.Match(Article("A coup", outlet: "anything")));
    }

    [Fact]
    public void Match_AllIsNotAddedWhenNotPassed() => Assert.Empty(new TopicMatcher([Topic("coups", include: ["coup"])]).Match(Article("Nothing here")));

    [Fact]
    public void Match_TopicIds_ComeInConfigurationOrder()
    {
        var matcher = new TopicMatcher([Topic("z-coups", include: ["coup"]), TopicDefinition.All, Topic("bolivia", include: ["bolivian"]), Topic("sahel", include: ["sahel"])]);
        Assert.Equal(["z-coups", "all", "bolivia"], matcher.Match(Article("How The Bolivian People Defeated The Coup")));
    }

    [Fact]
    public void Match_TermWithoutLettersOrDigits_MatchesNothing()
    {
        Assert.False(In(Topic("t", include: ["***", " - "]), Article("Anything at all - ***")));
        Assert.True(In(Topic("t", include: ["coup"], exclude: ["!!"]), Article("A coup!!")));
    }

    [Fact]
    public void Match_TermSharedByTopics_CountsForEachOfThem()
    {
        // "Guaidó" and "guaido" fold to one compiled term, evaluated once and reused.
        var matcher = new TopicMatcher([Topic("a", include: ["Guaidó"]), Topic("b", include: ["guaido"], exclude: ["maduro"]), Topic("c", exclude: ["GUAIDO"])]);
        Assert.Equal(["a", "b"], matcher.Match(Article("", "deputy Guaido took an oath")));
        Assert.Equal(["a"], matcher.Match(Article("", "deputy Guaido took an oath; President Maduro")));
        Assert.Equal(["c"], matcher.Match(Article("Nothing about him")));
    }

    [Fact]
    public void Match_PrefixTerm_MatchesTheBareWordToo() =>
        Assert.True(In(Topic("c", include: ["coup*"]), Article("", "attempting to stage a coup d’état")));
}
