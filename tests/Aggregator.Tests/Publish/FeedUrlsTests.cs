using Aggregator.Publish;
using Xunit;

namespace Aggregator.Tests.Publish;

public sealed class FeedUrlsTests
{
    [Fact]
    public void FeedUrls_BaseWithoutTrailingSlash_StillGetsTheTopicAppended()
    {
        var feed = SampleTopicFeed.Build() with { FeedBaseUrl = new Uri("http://127.0.0.1:8080/feeds") };

        Assert.Equal("http://127.0.0.1:8080/feeds/venezuela.atom", FeedUrls.For(feed, FeedUrls.AtomExtension));
    }
}
