using System.Net.Sockets;
using Aggregator.Fetch;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>Failures a loopback server cannot stage (DNS, TLS) checked on the exception the handler throws.</summary>
public sealed class FetchErrorsTests
{
    private static readonly Uri Url = new("https://news.example.invalid/feed");

    [Fact]
    public void ForException_NameResolution_NamesTheHost()
    {
        var error = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (news.example.invalid:443)",
            new SocketException((int)SocketError.HostNotFound));

        Assert.Equal("fetch: DNS lookup failed for news.example.invalid", FetchErrors.ForException(error, Url));
    }

    [Fact]
    public void ForException_TlsFailure_IsOneLine()
    {
        var error = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established.",
            new IOException("Received an unexpected EOF\nor 0 bytes from the transport stream."));

        Assert.Equal(
            "fetch: TLS handshake failed with news.example.invalid: Received an unexpected EOF or 0 bytes from the transport stream.",
            FetchErrors.ForException(error, Url));
    }

    [Fact]
    public void ForException_HeadersPastTheLimit_BlameTheResponse_NotARequestFailure()
    {
        var error = new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded,
            "The HTTP response headers length exceeded the set limit of 65536 bytes.");

        Assert.Equal("fetch: response from news.example.invalid past a limit: The HTTP response headers length exceeded the set limit of 65536 bytes.",
            FetchErrors.ForException(error, Url));
    }

    [Fact]
    public void ForException_AChunkLineWithoutEnd_IsAnInvalidResponse_NotARequestFailure()
    {
        var error = new HttpRequestException("The HTTP/1.1 response chunk was too large.");

        Assert.Equal("fetch: invalid HTTP response from news.example.invalid: The HTTP/1.1 response chunk was too large.", FetchErrors.ForException(error, Url));
    }

    [Fact]
    public void ForException_ConnectionReset_NamesTheEndpoint()
    {
        var error = new HttpRequestException(HttpRequestError.Unknown, "Connection reset by peer",
            new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("fetch: connection reset by news.example.invalid:443", FetchErrors.ForException(error, Url));
    }

    [Fact]
    public void ForRedirect_ALocationThatIsNotAUrl_IsNotCalledMissing()
    {
        Assert.Equal("fetch: redirect to a Location that is not a URL (302 status code)", FetchErrors.ForRedirect(Url, null, 302, unreadable: true));
        Assert.Equal("fetch: redirect without a Location (302 status code)", FetchErrors.ForRedirect(Url, null, 302));
    }

    [Fact]
    public void ForRedirect_HttpsToHttp_SaysItWasRefused()
    {
        Assert.Equal("fetch: refused redirect from https to http", FetchErrors.ForRedirect(Url, new Uri("http://news.example.invalid/feed"), 301));
    }

    [Theory]
    [InlineData(30_000, "30s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(250, "250ms")]
    public void Duration_IsShort(int milliseconds, string expected)
    {
        Assert.Equal(expected, FetchErrors.Duration(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
