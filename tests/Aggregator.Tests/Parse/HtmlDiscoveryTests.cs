using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public class HtmlDiscoveryTests
{
    [Fact]
    public void HtmlPage_WithoutFeedLinks_IsAnErrorWithNoFeeds()
    {
        var result = ParseKit.Result("<!DOCTYPE html><html><head><title>Coups</title></head><body><a href=\"#content\">Skip to content</a></body></html>");

        Assert.Null(result.Feed);
        Assert.Empty(result.DiscoveredFeeds);
        Assert.Equal("parse: HTML page without a feed link", result.Error);
    }

    [Fact]
    public void HtmlPage_FeedTypes_AreRecognised_AndOthersIgnored()
    {
        var result = ParseKit.Result("""
            <html><head>
            <link rel="alternate" type="application/feed+json" href="/feed.json">
            <link rel="ALTERNATE" type="Application/Atom+XML; charset=utf-8" href="atom.xml">
            <link rel="alternate" type="text/html" hreflang="es" href="/es/">
            <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">
            <link rel="alternate" type="application/rss+xml" href="/feed.json">
            </head></html>
            """);

        Assert.Equal([new Uri("https://example.org/feed.json"), new Uri("https://example.org/feed/atom.xml")], result.DiscoveredFeeds);
    }
}
