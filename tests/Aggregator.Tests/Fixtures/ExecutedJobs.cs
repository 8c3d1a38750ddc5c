using System.Collections.Concurrent;
using Aggregator.Scheduling;
using Quartz;

namespace Aggregator.Tests.Fixtures;

/// <summary>Each outlet job's completed runs, at the worker's clock: the end of a firing, whether it polled or skipped.</summary>
internal sealed class ExecutedJobs(TimeProvider time, string name) : IJobListener
{
    private readonly ConcurrentQueue<(string Outlet, DateTimeOffset At)> _runs = new();

    public string Name => name;

    public bool RanAt(string outlet, DateTimeOffset at) => _runs.Any(r => r.Outlet == outlet && r.At >= at);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (context.JobDetail.Key.Group == OutletTriggers.Group)
        {
            _runs.Enqueue((context.JobDetail.Key.Name, time.GetUtcNow()));
        }
        return ValueTask.CompletedTask;
    }

    public override string ToString() => "ran: " + string.Join(", ", _runs.Select(r => $"{r.Outlet} {r.At:O}"));
}
