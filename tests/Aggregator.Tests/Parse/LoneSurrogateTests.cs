using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>Half a UTF-16 pair in one field of a JSON Feed costs that field its character, never the feed.</summary>
public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\uDFFF")]
    [InlineData("x\\ud83d y")]
    [InlineData("\\ud83d\\u0041")]
    public void JsonFeed_EscapedLoneSurrogate_FailsOnlyThatCharacter_TheOtherEntriesArrive(string escaped)
    {
        var feed = ParseKit.Feed($$"""
            {"version":"https://jsonfeed.org/version/1.1","title":"T",
             "items":[
               {"id":"1","url":"https://e.org/1","title":"Bad {{escaped}} title","content_html":"<p>{{escaped}}</p>",
                "authors":[{"name":"{{escaped}}"}],"tags":["{{escaped}}"]},
               {"id":"2","url":"https://e.org/2","title":"Good one","content_text":"fine"}
             ]}
            """);

        Assert.Equal(2, feed.Entries.Count);
        Assert.Contains('\uFFFD', feed.Entries[0].Title!);
        Assert.StartsWith("Bad ", feed.Entries[0].Title!, StringComparison.Ordinal);
        Assert.Equal("Good one", feed.Entries[1].Title);
        Assert.Contains(feed.Warnings, w => w.Contains("surrogate", StringComparison.Ordinal));
    }

    [Fact]
    public void Repair_LeavesPairsAndEscapedBackslashesAlone()
    {
        const string json = """{"a":"\ud83d\ude00 \\ud800 é 😀"}""";

        Assert.Same(json, LoneSurrogates.Repair(json, out var repaired));
        Assert.Equal(0, repaired);
    }

    [Fact]
    public void Repair_RawLoneSurrogate_BecomesTheReplacementCharacter()
    {
        var json = "{\"a\":\"x" + '\uD800' + "y" + '\uDC00' + "\"}";

        Assert.Equal("{\"a\":\"x\uFFFDy\uFFFD\"}", LoneSurrogates.Repair(json, out var repaired));
        Assert.Equal(2, repaired);
    }
}
