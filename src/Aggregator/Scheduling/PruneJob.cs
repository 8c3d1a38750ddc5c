using Aggregator.Pipeline;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Aggregator.Scheduling;

/// <summary>
/// Thin Quartz job: applies retention. Its one trigger lives in the job store, so with a clustered
/// (PostgreSQL) store each firing runs on exactly one worker, as outlet polls do.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class PruneJob(Pruner pruner, IHostApplicationLifetime lifetime, ILogger<PruneJob> logger) : IJob
{
    public static readonly JobKey Key = new("prune", "maintenance");

    /// <summary>Hourly: each run deletes about an hour's worth of expired articles, a few small batches.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>The first run after the job is scheduled, once start-up's polls are under way.</summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Between batches a stopping worker just stops: each batch is its own transaction.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await pruner.PruneAsync(stopping.Token);
        }
        catch (StoreException e)
        {
            // The next hour tries again; what was deleted before the failure stays deleted, with its tombstones.
            LogPruneFailed(e.Message);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The stop asked for it; it is no failure of retention.
            LogPruneCancelled();
        }
    }

    public static IJobDetail Job() => JobBuilder.Create<PruneJob>().WithIdentity(Key).DisallowConcurrentExecution(true).Build();

    public static ITrigger Trigger(TimeProvider time) => TriggerBuilder.Create(time)
        .WithIdentity(Key.Name, Key.Group)
        .ForJob(Key)
        .StartAt(time.GetUtcNow() + FirstRunDelay)
        .WithSchedule(SimpleScheduleBuilder.Create()
            .WithInterval(Interval)
            .RepeatForever()
            // After downtime one run catches up: there is nothing to gain from a burst.
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
        .Build();

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention could not be applied, trying again in an hour: {Reason}")]
    private partial void LogPruneFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention cancelled by shutdown; the batches it committed stay, the next run does the rest")]
    private partial void LogPruneCancelled();
}
