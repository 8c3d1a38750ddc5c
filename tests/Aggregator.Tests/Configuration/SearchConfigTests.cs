using Aggregator.Configuration;

namespace Aggregator.Tests.Configuration;

/// <summary>defaults.searchTimeout and the topic ids /feeds/ already serves (issue 25).</summary>
public sealed class SearchConfigTests
{
    [Fact]
    public void SearchTimeout_OutsideOneSecondToAMinute_IsOneLineNamingTheField()
    {
        Assert.Matches(@"^feeds\.json:1:\d+: defaults\.searchTimeout: '0s' is not a duration: a duration must be positive$",
            Assert.Single(ProblemLines.Of("""{ "defaults": { "searchTimeout": "0s" }, "outlets": [{ "id": "a", "url": "https://a.example/" }] }""")));
        Assert.Matches(@"^feeds\.json:1:\d+: defaults\.searchTimeout: '5m' is too long; the most allowed is 60s$",
            Assert.Single(ProblemLines.Of("""{ "defaults": { "searchTimeout": "5m" }, "outlets": [{ "id": "a", "url": "https://a.example/" }] }""")));
    }

    [Fact]
    public void SearchTimeout_IsReadAndDefaultsToTwoSeconds()
    {
        var set = ConfigLoader.Parse("""{ "defaults": { "searchTimeout": "5s" }, "outlets": [{ "id": "a", "url": "https://a.example/" }] }""", "feeds.json");
        Assert.True(set.IsValid, string.Join("; ", set.Problems));
        Assert.Equal(TimeSpan.FromSeconds(5), set.Config!.Defaults.SearchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), ConfigLoader.Parse("""{ "outlets": [{ "id": "a", "url": "https://a.example/" }] }""", "feeds.json").Config!.Defaults.SearchTimeout);
    }

    [Fact]
    public void TopicIdThatFeedsServeSearchUnder_IsRejectedNamingTheTopic()
    {
        var line = Assert.Single(ProblemLines.Of("""{ "outlets": [{ "id": "a", "url": "https://a.example/" }], "topics": [{ "id": "search", "include": ["coup"] }] }"""));
        Assert.Matches(@"^feeds\.json:1:\d+: topics\[0\]\.id: 'search' is reserved: /feeds/search\.atom serves searches; choose another id$", line);
    }
}
