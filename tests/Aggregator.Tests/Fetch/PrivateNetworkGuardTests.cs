using System.Text;
using Aggregator.Fetch;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// The outlet's own origin may be on loopback (every test server is); any other origin reached
/// through a redirect, or named as untrusted, must not be.
/// </summary>
public sealed class PrivateNetworkGuardTests : IAsyncLifetime
{
    private TinySite site = null!;
    private TinySite other = null!;

    public async Task InitializeAsync()
    {
        other = await TinySite.StartAsync(context => TinySite.Text(context, "internal service"));
        site = await TinySite.StartAsync(context => context.Request.Path.Value switch
        {
            "/to-127-0-0-2" => TinySite.Redirect(context, 302, $"http://127.0.0.2:{site.Port}/feed"),
            "/to-localhost" => TinySite.Redirect(context, 301, $"http://localhost:{site.Port}/feed"),
            "/to-other-port" => TinySite.Redirect(context, 302, $"http://127.0.0.1:{other.Port}/admin"),
            "/to-mapped" => TinySite.Redirect(context, 302, $"http://[::ffff:127.0.0.1]:{site.Port}/feed"),
            "/to-metadata" => TinySite.Redirect(context, 302, "http://169.254.169.254/latest/meta-data/"),
            "/to-same-origin" => TinySite.Redirect(context, 302, "/feed"),
            "/to-localhost-echo" => TinySite.Redirect(context, 302, $"http://localhost:{site.Port}/echo"),
            "/echo" => TinySite.Text(context, string.Join('\n', context.Request.Headers.Select(h => $"{h.Key}: {h.Value}"))),
            _ => TinySite.Text(context, "<rss/>"),
        });
    }

    public async Task DisposeAsync()
    {
        await site.DisposeAsync();
        await other.DisposeAsync();
    }

    [Fact]
    public async Task Fetch_RedirectToAnotherLoopbackAddress_IsRefusedBeforeConnecting()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-127-0-0-2")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Null(result.StatusCode);
        Assert.Equal("fetch: refused to connect to a private address (127.0.0.2) for host 127.0.0.2", result.Error);
        Assert.Equal(new Uri($"http://127.0.0.2:{site.Port}/feed"), result.FinalUrl);
    }

    [Fact]
    public async Task Fetch_RedirectToANameResolvingToLoopback_IsRefusedAtTheResolvedAddress()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-localhost")));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.StartsWith("fetch: refused to connect to a private address (", result.Error, StringComparison.Ordinal);
        Assert.EndsWith(") for host localhost", result.Error, StringComparison.Ordinal);
        // The same server listens there: only the guard kept the request from arriving.
        Assert.Equal(0, site.Hits("/feed"));
    }

    [Fact]
    public async Task Fetch_RedirectToAnotherPortOfTheTrustedHost_IsRefused()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-other-port")));

        Assert.Equal($"fetch: refused to connect to a private address (127.0.0.1) for host 127.0.0.1", result.Error);
        Assert.Equal(0, other.Hits("/admin"));
    }

    [Fact]
    public async Task Fetch_RedirectToCloudMetadata_IsRefused()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-metadata")));

        Assert.Equal("fetch: refused to connect to a private address (169.254.169.254) for host 169.254.169.254", result.Error);
    }

    [Fact]
    public async Task Fetch_RedirectToIpv4MappedLoopback_IsRefused()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-mapped")));

        Assert.Equal("fetch: refused to connect to a private address (::ffff:127.0.0.1) for host [::ffff:127.0.0.1]", result.Error);
        Assert.Equal(0, site.Hits("/feed"));
    }

    [Fact]
    public async Task Fetch_RedirectWithinTheTrustedOrigin_IsFollowed()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/to-same-origin")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(site.Url("/feed"), result.FinalUrl);
    }

    [Fact]
    public async Task Fetch_LoopbackUrlWhenTheTrustedOriginIsElsewhere_IsRefused()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/article"), TrustedOrigin: new Uri("https://example.org/")));

        Assert.Equal("fetch: refused to connect to a private address (127.0.0.1) for host 127.0.0.1", result.Error);
        Assert.Equal(0, site.Hits("/article"));
    }

    [Fact]
    public async Task Fetch_ArticleOnTheConfiguredOutletsOrigin_IsTrusted()
    {
        var result = await FetchAsync(new FetchRequest(site.Url("/article/1"), TrustedOrigin: site.Url("/feed.xml")));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(1, site.Hits("/article/1"));
    }

    [Fact]
    public async Task Fetch_AllowPrivateNetworks_FollowsTheRedirectAndTheUntrustedUrl()
    {
        var options = new FetchOptions { AllowPrivateNetworks = true };

        var redirected = await FetchAsync(new FetchRequest(site.Url("/to-localhost")), options);
        var untrusted = await FetchAsync(new FetchRequest(other.Url("/admin"), TrustedOrigin: new Uri("https://example.org/")), options);

        Assert.Equal(FetchResultKind.Ok, redirected.Kind);
        Assert.Equal(new Uri($"http://localhost:{site.Port}/feed"), redirected.FinalUrl);
        Assert.Equal(FetchResultKind.Ok, untrusted.Kind);
        Assert.Equal("internal service", Encoding.UTF8.GetString(untrusted.Body!));
    }

    [Fact]
    public async Task Fetch_TrustedConnectionAlreadyPooled_IsNotReusedByAnUntrustedRequest()
    {
        using var services = new ServiceCollection().AddFetching().BuildServiceProvider();
        var fetcher = services.GetRequiredService<Fetcher>();

        // The outlet's own fetch leaves a live connection to 127.0.0.1:port in the trusted pool.
        var trusted = await fetcher.FetchAsync(new FetchRequest(site.Url("/feed")), CancellationToken.None);
        var untrusted = await fetcher.FetchAsync(
            new FetchRequest(site.Url("/article"), TrustedOrigin: new Uri("https://example.org/")), CancellationToken.None);

        Assert.Equal(FetchResultKind.Ok, trusted.Kind);
        Assert.Equal("fetch: refused to connect to a private address (127.0.0.1) for host 127.0.0.1", untrusted.Error);
        Assert.Equal(0, site.Hits("/article"));
    }

    [Fact]
    public async Task Fetch_RedirectToAnotherOrigin_DropsEveryOutletHeader()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer outlet-secret", ["X-Api-Key"] = "k1" };

        var result = await FetchAsync(new FetchRequest(site.Url("/to-localhost-echo"), Headers: headers), new FetchOptions { AllowPrivateNetworks = true });

        var echoed = Encoding.UTF8.GetString(result.Body!);
        Assert.DoesNotContain("outlet-secret", echoed, StringComparison.Ordinal);
        // Any header the operator set may be a credential: none crosses to another origin.
        Assert.DoesNotContain("X-Api-Key", echoed, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<FetchResult> FetchAsync(FetchRequest request, FetchOptions? options = null)
    {
        using var services = new ServiceCollection().AddFetching(options).BuildServiceProvider();
        return await services.GetRequiredService<Fetcher>().FetchAsync(request, CancellationToken.None);
    }
}
