using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>RFC 9309 matching, with the RFC's and Google's documented examples.</summary>
public sealed class RobotsTxtTests
{
    [Theory]
    [InlineData("allow: /p\ndisallow: /", "/page", true)]
    [InlineData("allow: /folder\ndisallow: /folder", "/folder/page", true)]
    [InlineData("allow: /page\ndisallow: /*.htm", "/page.htm", false)]
    [InlineData("allow: /page\ndisallow: /*.ph", "/page.php5", true)]
    [InlineData("allow: /$\ndisallow: /", "/", true)]
    [InlineData("allow: /$\ndisallow: /", "/page.htm", false)]
    [InlineData("disallow: /private", "/private-notes", false)]
    [InlineData("disallow: /private/", "/private", true)]
    [InlineData("disallow:", "/anything", true)]
    [InlineData("disallow: /", "/robots.txt", true)]
    public void Parse_MostSpecificRuleWins(string rules, string path, bool allowed)
    {
        var parsed = RobotsTxt.Parse("User-agent: *\n" + rules);

        Assert.Equal(allowed, parsed.IsAllowed(path));
    }

    [Fact]
    public void Parse_BodyAsLongAsTheLimit_DropsTheLineItCuts()
    {
        // A file read only up to the limit: its last line is cut after "Allow: /", which alone would allow everything.
        var head = "User-agent: *\nDisallow: /\n# " + new string('x', 100) + "\n";
        var filler = new string('#', RobotsTxt.MaxParsedBytes - head.Length - "Allow: /".Length - 1) + "\n";
        var body = System.Text.Encoding.UTF8.GetBytes(head + filler + "Allow: /");
        Assert.Equal(RobotsTxt.MaxParsedBytes, body.Length);

        var parsed = RobotsTxt.Parse(body);

        Assert.False(parsed.IsAllowed("/public/page"));
        // The same line inside the limit, whole, is a rule.
        Assert.True(RobotsTxt.Parse(System.Text.Encoding.UTF8.GetBytes(head + "Allow: /public\n")).IsAllowed("/public/page"));
    }

    [Theory]
    [InlineData("/fish*", "/fish.html", true)]
    [InlineData("/fish*", "/fishheads/yummy.html", true)]
    [InlineData("/fish*", "/Fish.asp", false)]
    [InlineData("/*.php$", "/filename.php", true)]
    [InlineData("/*.php$", "/folder/filename.php", true)]
    [InlineData("/*.php$", "/filename.php?parameters", false)]
    [InlineData("/*.php$", "/filename.php/", false)]
    [InlineData("/fish*.php", "/fishheads/catfish.php?parameters", true)]
    [InlineData("/fish*.php", "/Fish.PHP", false)]
    [InlineData("/a*b*c$", "/aXbYc", true)]
    [InlineData("/a*b*c$", "/aXbYcZ", false)]
    [InlineData("/a*b*c$", "/ac", false)]
    [InlineData("/*", "/", true)]
    public void Matches_WildcardsAndEndAnchor(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, RobotsRules.Matches(pattern, path));
    }

    [Theory]
    [InlineData("/foo/bar/ツ", "/foo/bar/%E3%83%84")]
    [InlineData("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84")]
    [InlineData("/foo/bar/%62%61%7A", "/foo/bar/baz")]
    [InlineData("/foo/bar?baz=quz", "/foo/bar?baz=quz")]
    public void Normalize_SpellsPathsAndPatternsAlike(string value, string expected)
    {
        Assert.Equal(expected, RobotsRules.Normalize(value));
    }

    [Fact]
    public void Parse_PercentEncodedPatternMatchesTheDecodedPath()
    {
        var parsed = RobotsTxt.Parse("User-agent: *\nDisallow: /foo/bar/%62%61%7A\nDisallow: /ツ");

        Assert.False(parsed.IsAllowed("/foo/bar/baz"));
        Assert.False(parsed.IsAllowed(new Uri("https://example.org/ツ/page").PathAndQuery));
    }

    [Fact]
    public void Parse_GroupNamingUs_WinsOverTheWildcardGroup()
    {
        const string Text = "User-agent: *\nDisallow: /\n\nUser-agent: aggregator/1.0\nDisallow: /drafts/\nCrawl-delay: 2.5\n";

        var parsed = RobotsTxt.Parse(Text);

        Assert.True(parsed.IsAllowed("/news/1"));
        Assert.False(parsed.IsAllowed("/drafts/1"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), parsed.CrawlDelay);
    }

    [Fact]
    public void Parse_NoGroupNamingUs_FallsBackToTheWildcardGroup()
    {
        var parsed = RobotsTxt.Parse("User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /search\n");

        Assert.True(parsed.IsAllowed("/"));
        Assert.False(parsed.IsAllowed("/search?q=x"));
        Assert.Null(parsed.CrawlDelay);
    }

    [Fact]
    public void Parse_SeveralGroupsNamingUs_AreMerged()
    {
        var parsed = RobotsTxt.Parse("User-agent: Aggregator\nDisallow: /a\n\nUser-agent: Other\nDisallow: /b\n\nUser-agent: AGGREGATOR\nDisallow: /c\n");

        Assert.False(parsed.IsAllowed("/a"));
        Assert.True(parsed.IsAllowed("/b"));
        Assert.False(parsed.IsAllowed("/c"));
    }

    [Fact]
    public void Parse_ConsecutiveUserAgentLines_ShareOneGroup()
    {
        var parsed = RobotsTxt.Parse("User-agent: Other\nuser-agent: Aggregator # us\n\nDisallow: /shared # comment\nUser-agent: *\nDisallow: /\n");

        Assert.False(parsed.IsAllowed("/shared/x"));
        Assert.True(parsed.IsAllowed("/news"));
    }

    [Fact]
    public void Parse_AgentWhoseNameOnlyStartsLikeOurs_IsNotUs()
    {
        var parsed = RobotsTxt.Parse("User-agent: AggregatorBot\nDisallow: /\n");

        Assert.True(parsed.IsAllowed("/news"));
    }

    [Fact]
    public void Parse_RulesBeforeAnyUserAgentAndUnknownLines_AreIgnored()
    {
        var parsed = RobotsTxt.Parse("Disallow: /\nSitemap: https://example.org/sitemap.xml\nnonsense line\nUser-agent: *\nAllow: /\r\nDisallow: /tmp\r\n");

        Assert.True(parsed.IsAllowed("/news"));
        Assert.False(parsed.IsAllowed("/tmp/x"));
    }

    [Fact]
    public void Parse_EmptyOrNoMatchingGroup_AllowsEverything()
    {
        Assert.True(RobotsTxt.Parse("").IsAllowed("/x"));
        Assert.True(RobotsTxt.Parse("User-agent: Googlebot\nDisallow: /\n").IsAllowed("/x"));
    }

    [Fact]
    public void Parse_BytesWithBom_AreRead()
    {
        var parsed = RobotsTxt.Parse([0xEF, 0xBB, 0xBF, .. "User-agent: *\nDisallow: /x\n"u8.ToArray()]);

        Assert.False(parsed.IsAllowed("/x"));
    }

    // A hostile pattern cannot make matching exponential: the matcher looks at each path character
    // a bounded number of times, however many stars split the pattern. The bound is on work counted
    // by the matcher, not on time, so a loaded machine cannot fail it.
    [Theory]
    [InlineData(3, 50)]
    [InlineData(6, 50)]
    [InlineData(2000, 100_000)]
    public void Parse_HostilePattern_ScansThePathAtMostOnce(int stars, int pathLength)
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", stars)) + "b$";
        var parsed = RobotsTxt.Parse($"User-agent: *\nDisallow: {pattern}\n");
        var path = "/" + new string('a', pathLength);

        Assert.True(parsed.IsAllowed(path));
        var rule = Assert.Single(parsed.Rules);
        Assert.False(RobotsRules.Matches(rule.Pattern, path, out var scanned));
        Assert.InRange(scanned, 1, path.Length + rule.Pattern.Length);
    }

    [Fact]
    public void Parse_HostilePattern_WorkGrowsLinearlyWithThePath()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "*b";

        RobotsRules.Matches(pattern, "/" + new string('a', 10_000), out var once);
        RobotsRules.Matches(pattern, "/" + new string('a', 20_000), out var twice);

        Assert.InRange(twice, once, 2 * once + pattern.Length);
    }
}
