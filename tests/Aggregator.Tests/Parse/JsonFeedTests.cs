using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Parse;

public class JsonFeedTests
{
    [Fact]
    public void JsonFeed10_AuthorObject_IsRead()
    {
        var feed = ParseKit.Feed("""
            {"version":"https://jsonfeed.org/version/1","title":"IMT","home_page_url":"https://www.marxist.com/",
             "author":{"name":"Alan Woods","url":"mailto:alan@example.org"},
             "items":[{"id":"1","url":"/a.htm","content_html":"<p>x</p>","author":{"name":"Jorge Martín"}}]}
            """);

        Assert.Equal("json10", feed.Version);
        Assert.Equal(new Person("Alan Woods", "alan@example.org"), feed.Authors[0]);
        Assert.Equal("Jorge Martín", feed.Entries[0].Author);
        Assert.Equal(new Uri("https://www.marxist.com/a.htm"), feed.Entries[0].Link);
    }

    [Fact]
    public void JsonFeed_CommentsAndTrailingCommas_AreAccepted()
    {
        var feed = ParseKit.Feed("""
            {
              // written by hand
              "version": "https://jsonfeed.org/version/1.1",
              "title": "T",
              "items": [ {"id": "1", "title": "One",}, ],
            }
            """);

        Assert.Equal("One", Assert.Single(feed.Entries).Title);
    }

    [Fact]
    public void JsonFeed_ExternalUrl_IsTheLinkFallback_AndSummaryIsEscaped()
    {
        var entry = ParseKit.Feed("""{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"x","external_url":"https://elsewhere.example/","summary":"a < b & c"}]}""").Entries[0];

        Assert.Equal(new Uri("https://elsewhere.example/"), entry.Link);
        Assert.Equal("a &lt; b &amp; c", entry.Summary);
    }

    [Fact]
    public void Json_WithoutFeedVersionOrItems_IsNotAFeed() =>
        Assert.Equal("parse: not a feed (JSON without a JSON Feed version)", ParseKit.Result("{\"hello\":\"world\"}").Error);

    [Fact]
    public void Json_Malformed_IsAFailureWithAReason() =>
        Assert.StartsWith("parse: invalid JSON", ParseKit.Result("{\"version\": ").Error, StringComparison.Ordinal);

    [Fact]
    public void JsonFeed_WrongTypes_AreIgnoredNotFatal()
    {
        var feed = ParseKit.Feed("""{"version":"https://jsonfeed.org/version/1.1","title":5,"items":[{"id":{},"url":7,"tags":"x","attachments":{},"authors":"Jo"}, 3]}""");

        var entry = Assert.Single(feed.Entries);
        Assert.Null(feed.Title);
        Assert.Null(entry.Id);
        Assert.Empty(entry.Categories);
    }
}
