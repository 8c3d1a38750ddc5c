using Aggregator.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Publish.Http;

/// <summary>
/// Tells the ingest threads while requests are in flight, so that a round leaves a core to the readers for as long
/// as any is being served (<see cref="IngestWhileServing"/>, issue 23).
/// </summary>
public static class ReadersInFlight
{
    /// <summary>First in the pipeline: a request counts from its first middleware to the end of its response's writing.</summary>
    public static IApplicationBuilder UseReadersInFlight(this IApplicationBuilder app)
    {
        // A host that polls nothing (a test serving a store) has no ingest to hold back.
        if (app.ApplicationServices.GetService<IngestTaskScheduler>() is not { } ingest)
        {
            return app;
        }
        return app.Use(async (context, next) =>
        {
            ingest.ReaderStarted();
            try
            {
                await next(context);
            }
            finally
            {
                ingest.ReaderEnded();
            }
        });
    }
}
