using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Configuration;
using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Configuration;

/// <summary>The feeds.json and feeds.schema.json at the top of the repository.</summary>
public sealed class ShippedConfigTests
{
    private static readonly string ConfigPath = Path.Combine(TestPaths.RepoRoot, "feeds.json");
    private static readonly string SchemaPath = Path.Combine(TestPaths.RepoRoot, "feeds.schema.json");

    [Fact]
    public void ShippedFeedsJson_LoadsWithoutProblems()
    {
        var result = ConfigLoader.Load(ConfigPath);

        Assert.Empty(result.Problems.Select(p => p.ToString()));
        Assert.True(result.IsValid);
    }

    [Fact]
    public void ShippedFeedsJson_HasTheBeatsOutletsAndTopics()
    {
        var config = ConfigLoader.Load(ConfigPath).Config!;

        Assert.Equal(TimeSpan.FromMinutes(30), config.Defaults.Interval);
        Assert.Equal(50, config.Defaults.MaxItemsPerFeed);
        Assert.Contains(config.Outlets, o => o.Id == "popular-resistance" && o.Url == new Uri("https://popularresistance.org/category/coups/feed/"));
        var marxist = Assert.Single(config.Outlets, o => o.Id == "marxist-com");
        Assert.Equal(OutletType.Html, marxist.Type);
        Assert.Equal(TimeSpan.FromHours(1), marxist.Interval);
        Assert.Equal("div.article", marxist.Scrape!.Item);
        Assert.Equal(["venezuela", "bolivia", "coups"], config.Topics.Select(t => t.Id));
        Assert.Contains("coupon*", config.Topics.Single(t => t.Id == "coups").Exclude);
    }

    [Fact]
    public void Schema_IsJsonOfDraft202012()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void ShippedFeedsJson_PointsAtTheSchema()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        Assert.Equal("./feeds.schema.json", config.RootElement.GetProperty("$schema").GetString());
    }

    [Theory]
    [InlineData("root")]
    [InlineData("defaults")]
    [InlineData("outlet")]
    [InlineData("scrape")]
    [InlineData("topic")]
    public void Schema_PropertyNames_MatchTheLoadersFields(string part)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var node = part == "root" ? schema.RootElement : schema.RootElement.GetProperty("$defs").GetProperty(part);
        IReadOnlyList<string> known = part switch
        {
            "root" => ConfigFields.Root,
            "defaults" => ConfigFields.Defaults,
            "outlet" => ConfigFields.Outlet,
            "scrape" => ConfigFields.Scrape,
            _ => ConfigFields.Topic,
        };

        Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(known.Order(StringComparer.Ordinal), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("90s")]
    [InlineData("1h30m")]
    [InlineData("1d")]
    [InlineData("90")]
    [InlineData("30m1h")]
    [InlineData("1.5h")]
    [InlineData("")]
    [InlineData("2 h")]
    public void Schema_DurationPattern_AgreesWithTheParserOnSyntax(string text)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var pattern = schema.RootElement.GetProperty("$defs").GetProperty("duration").GetProperty("pattern").GetString()!;

        Assert.Equal(DurationParser.TryParse(text, out _, out _), Regex.IsMatch(text, pattern, RegexOptions.ECMAScript));
    }

    [Theory]
    [InlineData("popular-resistance", true)]
    [InlineData("marxist-com", true)]
    [InlineData("Popular_Resistance", false)]
    [InlineData("a b", false)]
    public void Schema_IdPattern_AgreesWithTheLoader(string id, bool valid)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var pattern = schema.RootElement.GetProperty("$defs").GetProperty("id").GetProperty("pattern").GetString()!;

        Assert.Equal(valid, Regex.IsMatch(id, pattern, RegexOptions.ECMAScript));
        Assert.Equal(valid, ProblemLines.OfOutlet($""" "id": "{id}", "url": "https://a.example/" """).Length == 0);
    }
}
