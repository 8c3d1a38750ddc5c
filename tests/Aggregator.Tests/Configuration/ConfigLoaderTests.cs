using Aggregator.Configuration;
using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string Valid = """
        {
          "defaults": { "interval": "20m", "maxItemsPerFeed": 80, "userAgent": "Aggregator/1.0",
                        "timeout": "45s", "maxBodySize": "512KB" },
          "outlets": [
            { "id": "popular-resistance", "url": "https://popularresistance.org/category/coups/feed/" },
            { "id": "marxist-com", "name": "In Defence of Marxism", "type": "html",
              "url": "https://www.marxist.com/latest.htm", "interval": "1h30m", "enabled": false,
              "fullText": true, "userAgent": "Special/2.0", "headers": { "Accept-Language": "en" },
              "scrape": { "item": "div.article", "title": "h2 a", "link": "h2 a@href",
                          "summary": "p.intro", "published": "time@datetime", "author": ".author",
                          "image": "img@src" } },
            { "id": "orinoco-tribune", "url": "https://orinocotribune.com/feed/", "cron": "0 15 * * * ?" }
          ],
          "topics": [
            { "id": "venezuela", "include": ["venezuela", "maduro"] },
            { "id": "coups", "title": "Coups and regime change", "description": "Who topples whom.",
              "include": ["coup*", "regime change"], "exclude": ["coupon*"],
              "outlets": ["popular-resistance", "marxist-com"] }
          ]
        }
        """;

    [Fact]
    public void Parse_ValidConfig_MapsDefaults()
    {
        var config = ConfigLoader.Parse(Valid, "feeds.json").Config!;

        Assert.Equal(TimeSpan.FromMinutes(20), config.Defaults.Interval);
        Assert.Equal(80, config.Defaults.MaxItemsPerFeed);
        Assert.Equal("Aggregator/1.0", config.Defaults.UserAgent);
        Assert.Equal(TimeSpan.FromSeconds(45), config.Defaults.Timeout);
        Assert.Equal(512 * 1024, config.Defaults.MaxBodyBytes);
    }

    [Fact]
    public void Parse_OutletWithoutOptionalFields_GetsDefaultsAndIdAsName()
    {
        var outlet = ConfigLoader.Parse(Valid, "feeds.json").Config!.Outlets[0];

        Assert.Equal("popular-resistance", outlet.Id);
        Assert.Equal("popular-resistance", outlet.Name);
        Assert.Equal(new Uri("https://popularresistance.org/category/coups/feed/"), outlet.Url);
        Assert.Equal(OutletType.Feed, outlet.Type);
        Assert.Equal(TimeSpan.FromMinutes(20), outlet.Interval);
        Assert.Null(outlet.Cron);
        Assert.True(outlet.Enabled);
        Assert.False(outlet.FullText);
        Assert.Null(outlet.Scrape);
        Assert.Empty(outlet.Headers);
        Assert.Equal("Aggregator/1.0", outlet.UserAgent);
    }

    [Fact]
    public void Parse_HtmlOutlet_MapsEveryField()
    {
        var outlet = ConfigLoader.Parse(Valid, "feeds.json").Config!.Outlets[1];

        Assert.Equal("In Defence of Marxism", outlet.Name);
        Assert.Equal(OutletType.Html, outlet.Type);
        Assert.Equal(TimeSpan.FromMinutes(90), outlet.Interval);
        Assert.False(outlet.Enabled);
        Assert.True(outlet.FullText);
        Assert.Equal("Special/2.0", outlet.UserAgent);
        Assert.Equal("en", outlet.Headers["accept-language"]);
        Assert.Equal(new ScrapeRules("div.article", "h2 a", "h2 a@href", "p.intro", "time@datetime", ".author", "img@src"), outlet.Scrape);
    }

    [Fact]
    public void Parse_CronOutlet_KeepsExpressionAndDefaultInterval()
    {
        var outlet = ConfigLoader.Parse(Valid, "feeds.json").Config!.Outlets[2];

        Assert.Equal("0 15 * * * ?", outlet.Cron);
        Assert.Equal(TimeSpan.FromMinutes(20), outlet.Interval);
    }

    [Fact]
    public void Parse_Topics_MapWithIdAsDefaultTitle()
    {
        var topics = ConfigLoader.Parse(Valid, "feeds.json").Config!.Topics;

        Assert.Equal("venezuela", topics[0].Title);
        Assert.Equal(["venezuela", "maduro"], topics[0].Include);
        Assert.Empty(topics[0].Exclude);
        Assert.Empty(topics[0].Outlets);
        Assert.Equal("Coups and regime change", topics[1].Title);
        Assert.Equal("Who topples whom.", topics[1].Description);
        Assert.Equal(["coupon*"], topics[1].Exclude);
        Assert.Equal(["popular-resistance", "marxist-com"], topics[1].Outlets);
    }

    [Fact]
    public void Parse_NoDefaultsBlock_UsesModelDefaults()
    {
        var config = ConfigLoader.Parse("""{ "outlets": [ { "id": "a", "url": "http://a.example/feed" } ] }""", "feeds.json").Config!;

        Assert.Equal(new Defaults(), config.Defaults);
        Assert.Equal(new Defaults().Interval, config.Outlets[0].Interval);
        Assert.Null(config.Outlets[0].UserAgent);
        Assert.Empty(config.Topics);
    }

    [Fact]
    public void Parse_MaxBodySizeAsNumber_IsBytes()
    {
        var config = ConfigLoader.Parse("""{ "defaults": { "maxBodySize": 2048 } }""", "feeds.json").Config!;

        Assert.Equal(2048, config.Defaults.MaxBodyBytes);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        const string json = """
            // leading comment
            {
              /* block
                 comment */
              "outlets": [
                { "id": "a", "url": "https://a.example/feed", }, // trailing comma in object
              ],
              "topics": [ { "id": "t", "include": ["x",], }, ],
            }
            // trailing comment
            """;

        var result = ConfigLoader.Parse(json, "feeds.json");

        Assert.True(result.IsValid, string.Join('\n', result.Problems));
        Assert.Equal(["x"], result.Config!.Topics[0].Include);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        var result = ConfigLoader.Parse("\uFEFF{ \"outlets\": [] }", "feeds.json");

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Parse_Problems_LeaveConfigNull()
    {
        var result = ConfigLoader.Parse("""{ "outlets": [ { "id": "a" } ] }""", "feeds.json");

        Assert.Null(result.Config);
        Assert.False(result.IsValid);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void Load_MissingFile_ReportsOneProblemAtTheStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aggregator-{Guid.NewGuid():N}", "feeds.json");

        var result = ConfigLoader.Load(path);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new ConfigProblem(path, 1, 1, "$", $"config file not found ({path})"), problem);
        Assert.Null(result.Config);
    }

    [Fact]
    public void Load_RealFile_NamesItInProblems()
    {
        var dir = Directory.CreateTempSubdirectory("aggregator-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "feeds.json");
            File.WriteAllText(path, "{\n  \"outlets\": [ { \"id\": \"a\", \"url\": \"gopher://a\" } ]\n}\n");

            var result = ConfigLoader.Load(path);

            Assert.Equal([$"{path}:2:36: outlets[0].url: 'gopher://a' is not an absolute http or https URL"], result.Problems.Select(p => p.ToString()));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConfigProblem_ToString_IsCompilerStyle()
    {
        var problem = new ConfigProblem("feeds.json", 12, 7, "outlets[2].url", "not a URL");

        Assert.Equal("feeds.json:12:7: outlets[2].url: not a URL", problem.ToString());
    }
}
