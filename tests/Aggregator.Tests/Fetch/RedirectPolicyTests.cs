using Aggregator.Fetch;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>Redirects followed hop by hop: permanent moves reported, 410 flagged, limits kept.</summary>
public sealed class RedirectPolicyTests : IAsyncLifetime
{
    private TinySite site = null!;

    public async Task InitializeAsync() =>
        site = await TinySite.StartAsync(context => context.Request.Path.Value switch
        {
            "/moved" => TinySite.Redirect(context, 301, "/moved-again"),
            "/moved-again" => TinySite.Redirect(context, 308, "/feed"),
            "/moved-then-temporary" => TinySite.Redirect(context, 301, "/temporary"),
            "/temporary" => TinySite.Redirect(context, 302, "/feed"),
            "/temporary-then-moved" => TinySite.Redirect(context, 307, "/moved-again"),
            "/moved-to-gone" => TinySite.Redirect(context, 301, "/gone"),
            "/gone" => TinySite.Text(context, "gone", 410),
            "/missing" => TinySite.Text(context, "missing", 404),
            "/to-ftp" => TinySite.Redirect(context, 302, "ftp://example.org/feed"),
            "/no-location" => TinySite.Text(context, "", 302),
            "/multiple-choices" => TinySite.Redirect(context, 300, "/feed"),
            _ => TinySite.Text(context, "<rss/>"),
        });

    public async Task DisposeAsync() => await site.DisposeAsync();

    [Fact]
    public async Task Fetch_PermanentRedirectsOnly_ReportTheNewUrl()
    {
        var result = await FetchAsync(site.Url("/moved"));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Equal(site.Url("/feed"), result.FinalUrl);
        Assert.Equal(site.Url("/feed"), result.PermanentRedirect);
    }

    [Fact]
    public async Task Fetch_PermanentThenTemporary_ReportsWherePermanenceEnded()
    {
        var result = await FetchAsync(site.Url("/moved-then-temporary"));

        Assert.Equal(site.Url("/feed"), result.FinalUrl);
        Assert.Equal(site.Url("/temporary"), result.PermanentRedirect);
    }

    [Fact]
    public async Task Fetch_TemporaryFirst_ReportsNoPermanentMove()
    {
        var result = await FetchAsync(site.Url("/temporary-then-moved"));

        Assert.Equal(FetchResultKind.Ok, result.Kind);
        Assert.Null(result.PermanentRedirect);
    }

    [Fact]
    public async Task Fetch_NoRedirect_ReportsNoPermanentMove()
    {
        Assert.Null((await FetchAsync(site.Url("/feed"))).PermanentRedirect);
    }

    [Fact]
    public async Task Fetch_Gone_IsFlaggedGoneAndPermanent()
    {
        var result = await FetchAsync(site.Url("/gone"));

        Assert.Equal(410, result.StatusCode);
        Assert.True(result.Gone);
        Assert.True(result.Permanent);
        Assert.Equal("fetch: resource gone (410 status code)", result.Error);
    }

    [Fact]
    public async Task Fetch_NotFound_IsPermanentButNotGone()
    {
        var result = await FetchAsync(site.Url("/missing"));

        Assert.True(result.Permanent);
        Assert.False(result.Gone);
    }

    [Fact]
    public async Task Fetch_MovedToGone_CarriesBothTheMoveAndTheGone()
    {
        var result = await FetchAsync(site.Url("/moved-to-gone"));

        Assert.True(result.Gone);
        Assert.Equal(site.Url("/gone"), result.PermanentRedirect);
        Assert.Equal(site.Url("/gone"), result.FinalUrl);
    }

    [Fact]
    public async Task Fetch_RedirectToAnotherScheme_IsRefused()
    {
        var result = await FetchAsync(site.Url("/to-ftp"));

        Assert.Equal(FetchResultKind.Failed, result.Kind);
        Assert.Equal(302, result.StatusCode);
        Assert.Equal("fetch: refused redirect to a ftp URL", result.Error);
    }

    [Fact]
    public async Task Fetch_RedirectWithoutLocation_SaysSo()
    {
        var result = await FetchAsync(site.Url("/no-location"));

        Assert.Equal("fetch: redirect without a Location (302 status code)", result.Error);
    }

    [Fact]
    public async Task Fetch_MultipleChoices_IsNotFollowed()
    {
        var result = await FetchAsync(site.Url("/multiple-choices"));

        Assert.Equal(300, result.StatusCode);
        Assert.Equal("fetch: unexpected response (300 status code)", result.Error);
        Assert.Equal(0, site.Hits("/feed"));
    }

    [Fact]
    public async Task Fetch_NoRedirectsAllowed_StopsAtTheFirst()
    {
        var result = await FetchAsync(site.Url("/moved"), new FetchOptions { MaxRedirects = 0 });

        Assert.Equal(301, result.StatusCode);
        Assert.Equal("fetch: too many redirects", result.Error);
    }

    private static async Task<FetchResult> FetchAsync(Uri url, FetchOptions? options = null)
    {
        using var services = new ServiceCollection().AddFetching(options).BuildServiceProvider();
        return await services.GetRequiredService<Fetcher>().FetchAsync(new FetchRequest(url), CancellationToken.None);
    }
}
