using Aggregator.Fetch;

namespace Aggregator.Tests.Fetch;

/// <summary>Where an outlet's headers, password and private address go: its own origin, and its upgrade to https.</summary>
public sealed class OutletOriginTests
{
    [Theory]
    [InlineData("http://news.example/feed", "http://news.example/other", true)]
    [InlineData("http://news.example/feed", "https://news.example/feed", true)]
    [InlineData("http://news.example:80/feed", "https://news.example:443/feed", true)]
    [InlineData("http://NEWS.example/feed", "https://news.EXAMPLE/feed", true)]
    [InlineData("http://news.example:8080/feed", "https://news.example:8080/feed", true)]
    [InlineData("https://news.example/feed", "https://news.example/other", true)]
    // A downgrade, another port, another host: someone else, however close.
    [InlineData("https://news.example/feed", "http://news.example/feed", false)]
    [InlineData("http://news.example/feed", "https://news.example:8443/feed", false)]
    [InlineData("http://news.example:8080/feed", "https://news.example/feed", false)]
    [InlineData("http://news.example/feed", "https://cdn.news.example/feed", false)]
    [InlineData("http://news.example/feed", "https://news.example.evil.test/feed", false)]
    [InlineData("http://news.example/feed", "http://news.example:81/feed", false)]
    public void Includes_TheSameOrigin_AndItsUpgradeToHttps_Only(string trusted, string url, bool included) =>
        Assert.Equal(included, OutletOrigin.Includes(new Uri(trusted), new Uri(url)));
}
