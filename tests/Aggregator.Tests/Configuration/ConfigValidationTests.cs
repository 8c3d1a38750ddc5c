using Xunit;

namespace Aggregator.Tests.Configuration;

/// <summary>Each kind of mistake, reported with its path and the position of the value to fix.</summary>
public sealed class ConfigValidationTests
{
    [Fact]
    public void UnknownRootField_SuggestsClosestName()
    {
        Assert.Equal(
            ["feeds.json:1:3: outlet: unknown field 'outlet'; did you mean 'outlets'?"],
            ProblemLines.Of("""{ "outlet": [] }"""));
    }

    [Fact]
    public void UnknownField_FarFromAnyName_ListsKnownFields()
    {
        Assert.Equal(
            [$"feeds.json:1:17: defaults.colour: unknown field 'colour'; known fields: {string.Join(", ", Aggregator.Configuration.ConfigFields.Defaults)}"],
            ProblemLines.Of("""{ "defaults": { "colour": "red" } }"""));
    }

    [Fact]
    public void UnknownOutletField_PointsAtTheName()
    {
        Assert.Equal(
            ["feeds.json:1:56: outlets[0].intervall: unknown field 'intervall'; did you mean 'interval'?"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "intervall": "1h" """));
    }

    [Fact]
    public void UnknownFieldCase_SuggestsTheRightCase()
    {
        Assert.Equal(
            ["feeds.json:1:56: outlets[0].fulltext: unknown field 'fulltext'; did you mean 'fullText'?"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "fulltext": true """));
    }

    [Fact]
    public void UnknownScrapeAndTopicFields_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:2:87: outlets[0].scrape.titel: unknown field 'titel'; did you mean 'title'?",
                "feeds.json:3:28: topics[0].exlude: unknown field 'exlude'; did you mean 'exclude'?",
            ],
            ProblemLines.Of("""
                { "outlets": [
                  { "id": "a", "url": "https://a.example/", "type": "html", "scrape": { "item": "li", "titel": "a" } } ],
                  "topics": [ { "id": "t", "exlude": ["x"] } ] }
                """));
    }

    [Fact]
    public void RepeatedField_IsReported()
    {
        Assert.Equal(
            ["feeds.json:1:56: outlets[0].url: field 'url' is given twice"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "url": "https://b.example/" """));
    }

    [Fact]
    public void RootNotAnObject_IsReported()
    {
        Assert.Equal(["feeds.json:1:1: $: expected the configuration (an object), got an array"], ProblemLines.Of("[]"));
    }

    [Fact]
    public void WrongTypes_AreReportedAtTheValue()
    {
        Assert.Equal(
            [
                "feeds.json:1:22: outlets[0].id: expected a string, got a number",
                "feeds.json:1:33: outlets[0].name: expected a string, got null",
                "feeds.json:1:79: outlets[0].enabled: expected true or false, got a string",
                "feeds.json:1:96: outlets[0].headers: expected headers (an object of name: value strings), got an array",
            ],
            ProblemLines.OfOutlet(""" "id": 7, "name": null, "url": "https://a.example/", "enabled": "no", "headers": [] """));
    }

    [Fact]
    public void WrongContainerTypes_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:15: defaults: expected the defaults (an object), got a string",
                "feeds.json:1:33: outlets: expected a list of outlets (an array), got an object",
                "feeds.json:1:48: topics[0]: expected a topic (an object), got a string",
            ],
            ProblemLines.Of("""{ "defaults": "30m", "outlets": {}, "topics": ["venezuela"] }"""));
    }

    [Fact]
    public void MissingIdAndUrl_AreReportedAtTheObject()
    {
        Assert.Equal(
            [
                "feeds.json:1:16: outlets[0]: missing required field 'id'",
                "feeds.json:1:16: outlets[0]: missing required field 'url'",
                "feeds.json:1:54: topics[0]: missing required field 'id'",
            ],
            ProblemLines.Of("""{ "outlets": [ { "name": "Nameless" } ], "topics": [ { "title": "Untitled" } ] }"""));
    }

    [Fact]
    public void InvalidId_SuggestsAValidOne()
    {
        Assert.Equal(
            ["feeds.json:1:22: outlets[0].id: 'Orinoco Tribune' is not a valid id; use lower-case letters, digits and '-', e.g. 'orinoco-tribune'"],
            ProblemLines.OfOutlet(""" "id": "Orinoco Tribune", "url": "https://orinocotribune.com/feed/" """));
    }

    [Fact]
    public void DuplicateOutletId_NamesTheFirstUse()
    {
        Assert.Equal(
            ["feeds.json:3:11: outlets[1].id: outlet id 'a' is already used by outlets[0]"],
            ProblemLines.Of("""
                { "outlets": [
                  { "id": "a", "url": "https://a.example/" },
                  { "id": "a", "url": "https://b.example/" } ] }
                """));
    }

    [Fact]
    public void DuplicateTopicIdAndReservedAll_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:23: topics[0].id: 'all' is the built-in topic holding every article; choose another id",
                "feeds.json:1:55: topics[2].id: topic id 't' is already used by topics[1]",
            ],
            ProblemLines.Of("""{ "topics": [ { "id": "all" }, { "id": "t" }, { "id": "t" } ] }"""));
    }

    [Theory]
    [InlineData("popularresistance.org/feed/")]
    [InlineData("ftp://popularresistance.org/feed/")]
    [InlineData("/category/coups/feed/")]
    [InlineData("https://")]
    public void NonHttpUrl_IsReported(string url)
    {
        Assert.Equal(
            [$"feeds.json:1:34: outlets[0].url: '{url}' is not an absolute http or https URL"],
            ProblemLines.OfOutlet($""" "id": "a", "url": "{url}" """));
    }

    [Fact]
    public void BadIntervals_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:29: defaults.interval: '5s' is too short; the least allowed is 10s",
                "feeds.json:1:104: outlets[0].interval: '15 minutes' is not a duration: unknown unit ' minutes'; use s, m, h or d, e.g. '90s', '15m', '2h', '1d' or '1h30m'",
            ],
            ProblemLines.Of("""{ "defaults": { "interval": "5s" }, "outlets": [ { "id": "a", "url": "https://a.example/", "interval": "15 minutes" } ] }"""));
    }

    [Fact]
    public void IntervalAndCron_Together_AreReportedAtCron()
    {
        Assert.Equal(
            ["feeds.json:1:82: outlets[0].cron: set either 'interval' or 'cron', not both"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "interval": "1h", "cron": "0 0 * * * ?" """));
    }

    [Fact]
    public void InvalidCron_CarriesQuartzReason()
    {
        var line = Assert.Single(ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "cron": "0 0 25 * * ?" """));

        Assert.StartsWith("feeds.json:1:64: outlets[0].cron: '0 0 25 * * ?' is not a valid Quartz cron expression: ", line, StringComparison.Ordinal);
        Assert.True(line.Length > "feeds.json:1:64: outlets[0].cron: '0 0 25 * * ?' is not a valid Quartz cron expression: ".Length);
    }

    [Fact]
    public void UnknownType_IsReported()
    {
        Assert.Equal(
            ["feeds.json:1:64: outlets[0].type: unknown type 'rss'; use 'feed' (RSS, RDF, Atom or JSON Feed, detected from content) or 'html' (a listing page to scrape)"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "type": "rss" """));
    }

    [Fact]
    public void ScrapeOnFeedOutlet_IsReported()
    {
        Assert.Equal(
            ["feeds.json:1:66: outlets[0].scrape: 'scrape' applies only to outlets with \"type\": \"html\""],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "scrape": { "item": "li" } """));
    }

    [Fact]
    public void ScrapeWithoutItem_IsReported()
    {
        Assert.Equal(
            ["feeds.json:1:82: outlets[0].scrape: missing required field 'item'"],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "type": "html", "scrape": { "title": "h2" } """));
    }

    [Fact]
    public void BadSelectors_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:92: outlets[0].scrape.item: 'item' selects elements; '@attr' only applies to the fields read inside an item",
                "feeds.json:1:110: outlets[0].scrape.title: 'h2[' is not a valid CSS selector",
                "feeds.json:1:125: outlets[0].scrape.link: 'a@' names no attribute after '@'",
            ],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "type": "html", "scrape": { "item": "li@id", "title": "h2[", "link": "a@" } """));
    }

    [Fact]
    public void Headers_MustBeStringsWithValidNames()
    {
        Assert.Equal(
            [
                "feeds.json:1:80: outlets[0].headers.X-Count: expected a string, got a number",
                "feeds.json:1:83: outlets[0].headers.Bad Name: 'Bad Name' is not a valid header name",
                "feeds.json:1:100: outlets[0].headers.x-count: header 'x-count' is given twice (names ignore case)",
            ],
            ProblemLines.OfOutlet(""" "id": "a", "url": "https://a.example/", "headers": { "X-Count": 3, "Bad Name": "v", "x-count": "4" } """));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("12.5")]
    [InlineData("-3")]
    public void MaxItemsPerFeed_OutOfRange_IsReported(string value)
    {
        Assert.Equal(
            [$"feeds.json:1:36: defaults.maxItemsPerFeed: {value} is out of range; use a whole number from 1 to 500"],
            ProblemLines.Of($$"""{ "defaults": { "maxItemsPerFeed": {{value}} } }"""));
    }

    [Fact]
    public void MaxItemsPerFeed_AsString_IsReported()
    {
        Assert.Equal(
            ["feeds.json:1:36: defaults.maxItemsPerFeed: expected a whole number, got a string"],
            ProblemLines.Of("""{ "defaults": { "maxItemsPerFeed": "50" } }"""));
    }

    [Fact]
    public void BadMaxBodySize_IsReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:32: defaults.maxBodySize: 'lots' is not a size: expected a size like '10MB', '512KB' or a number of bytes",
                "feeds.json:1:51: defaults.timeout: '0s' is not a duration: a duration must be positive",
            ],
            ProblemLines.Of("""{ "defaults": { "maxBodySize": "lots", "timeout": "0s" } }"""));
    }

    [Fact]
    public void UnknownTopicOutlet_SuggestsTheClosestId()
    {
        Assert.Equal(
            [
                "feeds.json:3:53: topics[0].outlets[1]: unknown outlet 'popular-resistence'; did you mean 'popular-resistance'?",
                "feeds.json:3:75: topics[0].outlets[2]: unknown outlet 'telesur'",
            ],
            ProblemLines.Of("""
                { "outlets": [ { "id": "popular-resistance", "url": "https://popularresistance.org/feed/" },
                               { "id": "mintpress", "url": "https://www.mintpressnews.com/feed/" } ],
                  "topics": [ { "id": "t", "outlets": ["mintpress", "popular-resistence", "telesur"] } ] }
                """));
    }

    [Fact]
    public void EmptyAndSymbolOnlyTerms_AreReported()
    {
        Assert.Equal(
            [
                "feeds.json:1:49: topics[0].include[1]: empty term; remove it or write a word",
                "feeds.json:1:53: topics[0].include[2]: empty term; remove it or write a word",
                "feeds.json:1:72: topics[0].exclude[0]: term '*' has no letters or digits",
                "feeds.json:1:77: topics[0].exclude[1]: expected a string, got a number",
            ],
            ProblemLines.Of("""{ "topics": [ { "id": "t", "include": ["coup*", "", "  "], "exclude": ["*", 5] } ] }"""));
    }

    [Fact]
    public void SyntaxError_IsReportedAtItsPositionWithRootPath()
    {
        Assert.Equal(
            ["feeds.json:3:22: $: invalid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']'"],
            ProblemLines.Of("{\n  \"outlets\": [\n    { \"id\": \"añez-ñ\" \"url\": \"x\" }\n  ]\n}\n"));
    }

    [Fact]
    public void UnclosedDocument_IsASyntaxError()
    {
        var line = Assert.Single(ProblemLines.Of("{\n  \"outlets\": [\n"));

        Assert.StartsWith("feeds.json:3:1: $: invalid JSON: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsReported()
    {
        Assert.Equal(["feeds.json:1:1: $: the file is empty; expected an object like { \"outlets\": [] }"], ProblemLines.Of("  \n"));
    }

    [Fact]
    public void Columns_CountCharactersNotBytes()
    {
        // "ñandú" takes 7 bytes in UTF-8 but 5 columns, so the 3 after it is at column 61, not 63.
        Assert.Equal(
            ["feeds.json:1:61: topics[0].title: expected a string, got a number"],
            ProblemLines.Of("""{ "topics": [ { "id": "t", "description": "ñandú", "title": 3 } ] }"""));
    }

    [Fact]
    public void Problems_AreInFileOrder()
    {
        var lines = ProblemLines.Of("""
            { "topics": [ { "id": "t", "outlets": ["nope"] } ],
              "outlets": [ { "id": "A", "url": "x" } ] }
            """);

        Assert.Equal(["feeds.json:1:40: ", "feeds.json:2:24: ", "feeds.json:2:36: "], lines.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)] + " "));
    }
}
