using Aggregator.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosting;

/// <summary>
/// Keeps the readers' threads at the worker's priority when the ingest threads run below it (issue 23,
/// AGGREGATOR_INGEST_PRIORITY). Linux gives a new thread its creator's policy and nice value, and the thread pool
/// starts a worker from whichever thread asks for one, an ingest thread included; such a worker would serve
/// requests at the ingest's priority, behind the round it was meant to preempt. So each thread, the first time it
/// starts a request, is put back at the worker's own: a few syscalls once in a thread's life, a flag read after.
/// </summary>
/// <remarks>
/// Once back, a pool thread stays there: pool work an ingest await resumes on (socket completions, say) runs at
/// the worker's priority until it hands back to an ingest thread, which is brief; the feeds' rebuilds run on the
/// pool too, at the readers' priority, since a reader may be waiting for one.
/// </remarks>
public static partial class ReaderThreadPriority
{
    [ThreadStatic]
    private static bool t_checked;

    private static int s_refused;

    public static IApplicationBuilder UseReaderThreadPriority(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILogger<IngestTaskScheduler>>();
        return app.Use((context, next) =>
        {
            EnsureOnCurrentThread(logger);
            return next(context);
        });
    }

    /// <summary>Puts the calling thread at the worker's priority, once per thread; a refusal is logged once per process.</summary>
    public static void EnsureOnCurrentThread(ILogger logger)
    {
        if (t_checked)
        {
            return;
        }
        t_checked = true;
        if (ThreadScheduling.RestoreWorkerPriorityOnCurrentThread() is { } problem && Interlocked.Exchange(ref s_refused, 1) == 0)
        {
            LogRefused(logger, problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reader's thread started at the ingest threads' priority and could not be put back at the worker's ({Problem}); some requests wait behind the round. SCHED_IDLE and nice values need CAP_SYS_NICE or RLIMIT_NICE to undo: prefer AGGREGATOR_INGEST_PRIORITY=batch")]
    private static partial void LogRefused(ILogger logger, string problem);
}
