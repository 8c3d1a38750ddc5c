using Aggregator.Publish;
using Xunit;

namespace Aggregator.Tests.Publish;

public sealed class FeedIdsTests
{
    [Fact]
    public void FeedIds_AreUrnsThatEscapeAnythingOutsideTheUriSyntax()
    {
        Assert.Equal("urn:aggregator:article:a7k3", FeedIds.Article("a7k3"));
        Assert.Equal("urn:aggregator:article:a%20b%2Fc", FeedIds.Article("a b/c"));
        // RFC 3986 pchar: unreserved, sub-delims, ':', '@' and percent-escapes only.
        Assert.Matches("^urn:aggregator:article:([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-F]{2})+$", FeedIds.Article("x y\u00E9<>\"#?"));
        Assert.Equal("urn:aggregator:outlet:marxist-com", FeedIds.Outlet("marxist-com"));
    }
}
