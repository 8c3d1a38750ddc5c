using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Parse;

public class RdfTests
{
    [Fact]
    public void Rss090_IsRecognisedByItsNamespace()
    {
        var feed = ParseKit.Feed("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>Old</title><link>https://old.example/</link></channel>
              <item><title>One</title><link>https://old.example/1</link></item>
            </rdf:RDF>
            """);

        Assert.Equal(FeedFormat.Rdf, feed.Format);
        Assert.Equal("rss090", feed.Version);
        Assert.Equal(new Uri("https://old.example/1"), Assert.Single(feed.Entries).Link);
    }

    [Fact]
    public void Rdf_AboutIsTheId_AndTheLinkFallback()
    {
        var feed = ParseKit.Feed("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://x.example/"><title>X</title></channel>
              <item rdf:about="https://x.example/story"><title>Story</title><dc:date>2019-01-29</dc:date><dc:creator>IMT</dc:creator></item>
            </rdf:RDF>
            """);

        var entry = Assert.Single(feed.Entries);
        Assert.Equal("https://x.example/story", entry.Id);
        Assert.Equal(new Uri("https://x.example/story"), entry.Link);
        Assert.Equal(new DateTimeOffset(2019, 1, 29, 0, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal("IMT", entry.Author);
        Assert.Equal(new Uri("https://x.example/"), feed.Link);
    }
}
