using System.Text;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>Shortcuts for tests: parse a string or a fixture file and insist on a feed.</summary>
public static class ParseKit
{
    public static Uri FetchUri { get; } = new("https://example.org/feed/");

    public static ParseResult Result(string text, string? contentType = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(text), FetchUri, contentType);

    public static ParsedFeed Feed(string text)
    {
        var result = Result(text);
        Assert.True(result.Feed is not null, result.Error);
        return result.Feed!;
    }

    public static ParsedFeed FixtureFeed(string name, Uri? baseUri = null)
    {
        var result = FeedParser.Parse(File.ReadAllBytes(Fixture(name)), baseUri ?? FetchUri);
        Assert.True(result.Feed is not null, result.Error);
        return result.Feed!;
    }

    public static string Fixture(string name) => Path.Combine(TestPaths.TestData("parse"), name);
}
