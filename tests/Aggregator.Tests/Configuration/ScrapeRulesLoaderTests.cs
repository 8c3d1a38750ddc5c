using Aggregator.Configuration;
using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class ScrapeRulesLoaderTests
{
    [Fact]
    public void ScrapeJson_Valid_MapsToRules()
    {
        var rules = ScrapeRulesLoader.Parse("""{ "item": "div.article", "link": "h2 a@href" }""", "--scrape", out var problems);

        Assert.Empty(problems);
        Assert.Equal(new ScrapeRules("div.article", Link: "h2 a@href"), rules);
    }

    [Fact]
    public void ScrapeJson_Invalid_ReportsLikeFeedsJson()
    {
        var rules = ScrapeRulesLoader.Parse("""{ "titel": "h2" }""", "--scrape", out var problems);

        Assert.Null(rules);
        Assert.Equal(
            [
                "--scrape:1:1: $: missing required field 'item'",
                "--scrape:1:3: titel: unknown field 'titel'; did you mean 'title'?",
            ],
            problems.Select(p => p.ToString()));
    }
}
