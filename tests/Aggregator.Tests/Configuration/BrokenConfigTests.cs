using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class BrokenConfigTests
{
    [Fact]
    public void BrokenConfig_ReportsEveryProblemInOneGo()
    {
        var path = Path.Combine(TestPaths.TestData("configuration"), "broken.json");

        var result = ConfigLoader.Parse(File.ReadAllText(path), "broken.json");

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "broken.json:5:5: defaults.intervall: unknown field 'intervall'; did you mean 'interval'?",
                "broken.json:6:24: defaults.maxItemsPerFeed: 0 is out of range; use a whole number from 1 to 500",
                "broken.json:7:16: defaults.timeout: '0s' is not a duration: a duration must be positive",
                "broken.json:8:20: defaults.maxBodySize: '10XB' is not a size: unknown unit 'XB'; use B, KB, MB or GB",
                "broken.json:11:13: outlets[0].id: 'Popular_Resistance' is not a valid id; use lower-case letters, digits and '-', e.g. 'popular-resistance'",
                "broken.json:11:42: outlets[0].url: 'popularresistance.org/feed/' is not an absolute http or https URL",
                "broken.json:15:14: outlets[1].url: 'ftp://www.marxist.com/latest.htm' is not an absolute http or https URL",
                "broken.json:16:19: outlets[1].interval: '5s' is too short; the least allowed is 10s",
                "broken.json:17:17: outlets[1].scrape: missing required field 'item'",
                "broken.json:17:36: outlets[1].scrape.lnk: unknown field 'lnk'; did you mean 'link'?",
                "broken.json:23:15: outlets[2].cron: set either 'interval' or 'cron', not both",
                "broken.json:23:15: outlets[2].cron: '0 0 25 * * ?' is not a valid Quartz cron expression: Hour values must be between 0 and 23",
                "broken.json:24:17: outlets[2].scrape: 'scrape' applies only to outlets with \"type\": \"html\"",
                "broken.json:25:18: outlets[2].enabled: expected true or false, got a string",
                "broken.json:26:31: outlets[2].headers.X-Token: expected a string, got a number",
                "broken.json:28:13: outlets[3].id: outlet id 'peoples-dispatch' is already used by outlets[2]",
                "broken.json:28:86: outlets[3].type: unknown type 'rss'; use 'feed' (RSS, RDF, Atom or JSON Feed, detected from content) or 'html' (a listing page to scrape)",
                "broken.json:29:5: outlets[4]: missing required field 'id'",
                "broken.json:29:5: outlets[4]: missing required field 'url'",
                "broken.json:29:39: outlets[4].interval: '90' is not a duration: '90' has no unit (s, m, h or d); write e.g. '90s', '15m', '2h', '1d' or '1h30m'",
                "broken.json:32:13: topics[0].id: 'all' is the built-in topic holding every article; choose another id",
                "broken.json:33:43: topics[1].include[1]: empty term; remove it or write a word",
                "broken.json:33:59: topics[1].exclude: expected a list of terms (an array), got a string",
                "broken.json:33:102: topics[1].outlets[1]: unknown outlet 'popular-resistence'; did you mean 'Popular_Resistance'?",
                "broken.json:34:13: topics[2].id: topic id 'coups' is already used by topics[1]",
                "broken.json:34:22: topics[2].titel: unknown field 'titel'; did you mean 'title'?",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void BrokenConfig_LoadedFromDisk_NamesThePathGiven()
    {
        var path = Path.Combine(TestPaths.TestData("configuration"), "broken.json");

        var result = ConfigLoader.Load(path);

        Assert.Equal(26, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal(path, p.File));
    }
}
