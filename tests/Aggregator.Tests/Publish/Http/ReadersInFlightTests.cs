using Aggregator.Publish.Http;
using Aggregator.Scheduling;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish.Http;

/// <summary>Issue 23: the serving path tells the ingest threads while a request is in flight, and when none is.</summary>
public sealed class ReadersInFlightTests
{
    [Fact]
    public async Task ARequest_CountsAsAReaderUntilItsResponseIsWritten_ThenNoLonger()
    {
        using var ingest = new IngestTaskScheduler(2, whileServing: 1);
        await using var app = await LoopbackApp.StartAsync(
            services => services.AddSingleton(ingest),
            web =>
            {
                web.UseReadersInFlight();
                web.MapGet("/probe", () => ingest.ReadersInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture));
                web.MapGet("/fails", (HttpContext _) => throw new InvalidOperationException("a handler that throws"));
            });
        using var http = new HttpClient { BaseAddress = app.Address };

        Assert.Equal("1", await http.GetStringAsync(new Uri("/probe", UriKind.Relative)));
        // A request that fails still ends as a reader: ingest is never held back by a request long gone.
        using var failed = await http.GetAsync(new Uri("/fails", UriKind.Relative));
        Assert.Equal(500, (int)failed.StatusCode);

        // The count drops once the middleware unwinds, which may be just after the client has the response.
        Assert.True(SpinWait.SpinUntil(() => ingest.ReadersInFlight == 0, TimeSpan.FromSeconds(30)), $"{ingest.ReadersInFlight} readers still counted");
    }

    [Fact]
    public async Task WithoutIngest_ThePipelineServesAsBefore()
    {
        await using var app = await LoopbackApp.StartAsync(web =>
        {
            web.UseReadersInFlight();
            web.MapGet("/probe", () => "served");
        });
        using var http = new HttpClient { BaseAddress = app.Address };

        Assert.Equal("served", await http.GetStringAsync(new Uri("/probe", UriKind.Relative)));
    }
}
