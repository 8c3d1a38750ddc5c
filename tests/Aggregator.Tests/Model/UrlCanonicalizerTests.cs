using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Model;

public class UrlCanonicalizerTests
{
    private static string C(string url) => UrlCanonicalizer.Canonicalize(new Uri(url));

    [Fact]
    public void Canonicalize_SchemeAndHost_AreLowerCased() =>
        Assert.Equal("https://popularresistance.org/Category/Coups/", C("HTTPS://PopularResistance.ORG/Category/Coups/"));

    [Theory]
    [InlineData("http://example.org:80/a", "http://example.org/a")]
    [InlineData("https://example.org:443/a", "https://example.org/a")]
    public void Canonicalize_DefaultPort_IsDropped(string input, string expected) => Assert.Equal(expected, C(input));

    [Fact]
    public void Canonicalize_OtherPort_IsKept() => Assert.Equal("https://example.org:8443/a", C("https://example.org:8443/a"));

    [Fact]
    public void Canonicalize_Fragment_IsDropped() =>
        Assert.Equal("https://www.marxist.com/latest.htm", C("https://www.marxist.com/latest.htm#comments"));

    [Fact]
    public void Canonicalize_EmptyPath_BecomesSlash() => Assert.Equal("https://example.org/", C("https://example.org"));

    [Theory]
    [InlineData("https://example.org/a/b/../c/./d", "https://example.org/a/c/d")]
    [InlineData("https://example.org/a/%2E%2E/b", "https://example.org/b")]
    [InlineData("https://example.org/../../a", "https://example.org/a")]
    public void Canonicalize_DotSegments_AreRemoved(string input, string expected) => Assert.Equal(expected, C(input));

    [Fact]
    public void Canonicalize_PercentEscapes_AreUpperCasedAndUnreservedOnesDecoded() =>
        Assert.Equal("https://example.org/~user/a%2Fb?q=%C3%B3", C("https://example.org/%7euser/a%2fb?q=%c3%b3"));

    [Fact]
    public void Canonicalize_UserInfo_IsKept() =>
        Assert.Equal("https://reader:secret@example.org/feed", C("https://reader:secret@Example.org/feed"));

    [Fact]
    public void Canonicalize_InternationalHost_BecomesPunycode() =>
        Assert.Equal("https://xn--bcher-kva.example/", C("https://Bücher.example/"));

    [Theory]
    [InlineData("utm_source=rss")]
    [InlineData("UTM_Campaign=x")]
    [InlineData("utm_anything_new=1")]
    [InlineData("fbclid=IwAR0")]
    [InlineData("gclid=abc")]
    [InlineData("dclid=abc")]
    [InlineData("msclkid=abc")]
    [InlineData("mc_cid=abc")]
    [InlineData("mc_eid=abc")]
    [InlineData("_ga=2.1")]
    [InlineData("_gl=1*abc")]
    [InlineData("igshid=abc")]
    [InlineData("yclid=abc")]
    [InlineData("mkt_tok=abc")]
    [InlineData("ref_src=twsrc")]
    public void Canonicalize_TrackingParameter_IsRemoved(string parameter) =>
        Assert.Equal("https://popularresistance.org/coups/?page=2", C($"https://popularresistance.org/coups/?{parameter}&page=2"));

    [Fact]
    public void Canonicalize_RemainingParameters_KeepTheirOrder() =>
        Assert.Equal("https://example.org/s?z=1&a=2&m=3", C("https://example.org/s?z=1&utm_medium=feed&a=2&fbclid=x&m=3"));

    [Fact]
    public void Canonicalize_QueryLeftEmpty_IsDropped() =>
        Assert.Equal("https://example.org/story", C("https://example.org/story?utm_source=feed&utm_medium=rss"));

    [Fact]
    public void Canonicalize_ParameterThatOnlyLooksLikeATracker_IsKept() =>
        Assert.Equal("https://example.org/?utmost=1&ref=home", C("https://example.org/?utmost=1&ref=home"));

    [Fact]
    public void Canonicalize_MailtoLink_OnlyLosesItsFragment() =>
        Assert.Equal("mailto:editor@example.org?subject=Coup", C("mailto:editor@example.org?subject=Coup#x"));

    [Fact]
    public void Canonicalize_IsIdempotent_OnGeneratedUrls()
    {
        // A seeded generator stands in for FsCheck, which the test project does not reference.
        var random = new Random(20261123);
        string[] schemes = ["http", "https", "HTTP", "HttpS"];
        string[] hosts = ["Example.ORG", "popularresistance.org", "www.marxist.com", "bücher.example", "127.0.0.1", "[::1]"];
        string[] ports = ["", ":80", ":443", ":8080"];
        string[] segments = ["a", "B", ".", "..", "%7E", "%2e", "%2F", "%c3%b3", "x y", "ó", "a;b", "%", "~", "!$&'()*+,;="];
        string[] parameters = ["utm_source=x", "q=1", "Q=%7e", "a", "", "b=c=d", "fbclid=1", "x=%2B%20", "z=ó"];
        for (var n = 0; n < 2000; n++)
        {
            var path = string.Join('/', Enumerable.Range(0, random.Next(0, 5)).Select(_ => segments[random.Next(segments.Length)]));
            var query = random.Next(3) == 0 ? "" : "?" + string.Join('&', Enumerable.Range(0, random.Next(0, 4)).Select(_ => parameters[random.Next(parameters.Length)]));
            var fragment = random.Next(4) == 0 ? "#frag" : "";
            var url = $"{schemes[random.Next(schemes.Length)]}://{hosts[random.Next(hosts.Length)]}{ports[random.Next(ports.Length)]}/{path}{query}{fragment}";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                continue;
            }

            var once = UrlCanonicalizer.Canonicalize(uri);
            var twice = UrlCanonicalizer.Canonicalize(new Uri(once));
            Assert.True(once == twice, $"{url}\n  once:  {once}\n  twice: {twice}");
        }
    }
}
