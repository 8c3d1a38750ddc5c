using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public class FormatDetectorTests
{
    [Theory]
    [InlineData("<rss version=\"2.0\"/>", DetectedFormat.Rss)]
    [InlineData("\uFEFF  \n<?xml version=\"1.0\"?>\n<!-- generator --><rss/>", DetectedFormat.Rss)]
    [InlineData("<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"x\"><rss version=\"0.91\"/>", DetectedFormat.Rss)]
    [InlineData("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>", DetectedFormat.Rdf)]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", DetectedFormat.Atom)]
    [InlineData("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"/>", DetectedFormat.Atom)]
    [InlineData("<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\"/>", DetectedFormat.Atom)]
    [InlineData("  {\"version\": \"https://jsonfeed.org/version/1.1\"}", DetectedFormat.JsonFeed)]
    [InlineData("<!DOCTYPE html><html><head></head></html>", DetectedFormat.Html)]
    [InlineData("<html lang=\"en\"><head></head></html>", DetectedFormat.Html)]
    [InlineData("<!-- page --><HTML></HTML>", DetectedFormat.Html)]
    [InlineData("<channel><title>t</title></channel>", DetectedFormat.Rss)]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x\"><rss/>", DetectedFormat.Rss)]
    [InlineData("<note/>", DetectedFormat.OtherXml)]
    [InlineData("\u0089PNG", DetectedFormat.Unknown)]
    [InlineData("", DetectedFormat.Unknown)]
    public void Detect_ChoosesByContent(string text, DetectedFormat expected) => Assert.Equal(expected, FormatDetector.Detect(text).Format);

    [Fact]
    public void ContentType_IsIgnored_ForDetection()
    {
        var result = ParseKit.Result("<rss version=\"2.0\"><channel><title>t</title></channel></rss>", "text/html; charset=utf-8");

        Assert.Equal(Aggregator.Model.FeedFormat.Rss, result.Feed?.Format);
    }
}
