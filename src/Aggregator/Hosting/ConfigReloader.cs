using Aggregator.Configuration;
using Aggregator.Observability;
using Aggregator.Pipeline;
using Aggregator.Publish;
using Aggregator.Store;
using Aggregator.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosting;

/// <summary>
/// Applies edits of feeds.json while running: on a change of the file (debounced, since editors
/// write in several steps), on a change of its content seen through symlinks (checked every
/// <see cref="ConfigFingerprint.CheckEvery"/>, for ConfigMaps and links the watcher cannot see) or on SIGHUP. A valid edit replaces the running configuration whole;
/// an invalid one is reported with every problem, one the store cannot take (within <see cref="StoreBound"/>) with its
/// reason, and the last valid configuration keeps running.
/// </summary>
public sealed partial class ConfigReloader(
    ActiveConfig config,
    ConfigStatus status,
    IAggregatorStore store,
    BacklogCleanup backlog,
    AggregatorMetrics metrics,
    TimeProvider time,
    ILogger<ConfigReloader> logger) : BackgroundService
{
    private readonly DebouncedSignal _signal = new(TimeSpan.FromMilliseconds(300), time);

    // The content last loaded (or found at start), so the periodic check reloads only on a real change.
    private string? _loaded;

    private IDisposable? _hangup;

    /// <summary>
    /// How long a reload may wait for the store (syncing topic memberships, which re-matches every stored article when the
    /// rules changed) before it is given up with an error and the running configuration kept. Far above a rebuild of a
    /// large store on a busy machine; a reload that cannot finish must say so rather than wait without a word.
    /// </summary>
    public static readonly TimeSpan StoreBound = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Takes SIGHUP before the host goes on to start the server, not in <see cref="ExecuteAsync"/>: since .NET 10 that
    /// runs on the pool after start-up has gone on, so a worker already answering /healthz could ignore an operator's
    /// SIGHUP (CI sent one right after the first healthy answer, and it was never applied). The signal waits in
    /// <see cref="_signal"/> until the loop takes it.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _hangup = HangupSignal.Subscribe(NotifyHangup, out var hangup);
        if (hangup == HangupState.TakenDespiteInheritedIgnore)
        {
            LogHangupWasIgnored();
        }
        else if (hangup == HangupState.Ignored)
        {
            LogHangupIgnored(config.Current.FilePath);
        }
        return base.StartAsync(cancellationToken);
    }

    private void NotifyHangup()
    {
        try
        {
            _signal.Notify();
        }
        catch (ObjectDisposedException)
        {
            // A SIGHUP racing this reloader's disposal: nothing left to reload.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = config.Current.FilePath;
        _loaded = ConfigFingerprint.Of(path);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => _signal.Notify();
        watcher.Created += (_, _) => _signal.Notify();
        watcher.Renamed += (_, _) => _signal.Notify();
        watcher.EnableRaisingEvents = true;

        var check = CheckContentAsync(path, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken);
                try
                {
                    await ReloadAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A reload that fails must not end the worker: the running configuration stays, and the next edit or
                    // SIGHUP tries again. ReloadAsync has said what failed; this is for what it could not foresee.
                    NotApplied(config.Current.FilePath, e.Message.ReplaceLineEndings(" "));
                }
            }
        }
        finally
        {
            await check;
        }
    }

    private async Task CheckContentAsync(string path, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ConfigFingerprint.CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (ConfigFingerprint.Of(path) is { } now && now != Volatile.Read(ref _loaded))
                {
                    _signal.Notify();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override void Dispose()
    {
        _hangup?.Dispose();
        _signal.Dispose();
        base.Dispose();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        var path = config.Current.FilePath;
        // Taken before reading, so an edit landing during the load is still seen as a change next time.
        Volatile.Write(ref _loaded, ConfigFingerprint.Of(path));
        var result = ConfigLoader.Load(path);
        if (!result.IsValid)
        {
            status.Refused(result.Problems, time.GetUtcNow());
            LogRefused(path, result.Problems.Count);
            // Bounded: a large file saved over feeds.json (a log, a dump) can have a problem per line, and the log is
            // what the operator reads; `validate` lists them all.
            foreach (var problem in result.Problems.Take(MaxProblemLines))
            {
                LogProblem(problem.ToString());
            }
            if (result.Problems.Count > MaxProblemLines)
            {
                LogMoreProblems(result.Problems.Count - MaxProblemLines, path);
            }
            return;
        }

        var next = ConfigSnapshot.From(result.Config!, path);
        // Memberships first, so feeds rendered after the swap already reflect the new rules.
        if (await SyncMembershipsAsync(next, ct) is { } failure)
        {
            NotApplied(path, failure);
            return;
        }
        config.Replace(next);
        // Logged before /healthz shows it, so whoever sees the new lastReload finds its line in the log too.
        LogReloaded(path, next.Config.Outlets.Count, next.Config.Topics.Count);
        status.Accepted(time.GetUtcNow());
        // Removed and renamed outlets leave /metrics with the edit, not a year of edits later.
        metrics.KeepOutlets(next.Config.Outlets.Select(o => o.Id).ToHashSet(StringComparer.Ordinal));
        // After the swap: the cleanup reads the outlets now running. The new configuration stands even if the store refuses.
        try
        {
            await backlog.CleanAsync(ct);
        }
        catch (StoreException e)
        {
            LogBacklogNotCleaned(e.Message);
        }
    }

    /// <returns>Why the memberships could not be synced (the reload is then not applied); null once they are.</returns>
    private async Task<string?> SyncMembershipsAsync(ConfigSnapshot next, CancellationToken ct)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // On a thread of its own: the SQLite store's calls block while they wait for the database, so only a bound kept
        // outside them can end the wait.
        var sync = Task.Run(() => TopicMemberships.SyncAsync(store, next.Matcher, next.TopicsHash, giveUp.Token), giveUp.Token);
        try
        {
            await sync.WaitAsync(StoreBound, time, ct);
            return null;
        }
        catch (TimeoutException)
        {
            // Cancelled so the abandoned sync rolls back at its next step instead of rebuilding for rules not applied.
            await giveUp.CancelAsync();
            return $"the store did not finish syncing topic memberships within {(int)StoreBound.TotalMinutes} min";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Full, read-only, locked: whatever the provider says, in one line.
            return $"the store could not sync topic memberships: {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    /// <summary>A valid edit the store could not take: shown in /healthz and logged in one line, the running configuration kept.</summary>
    private void NotApplied(string path, string reason)
    {
        status.NotApplied(path, reason, time.GetUtcNow());
        LogNotApplied(path, reason);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not apply the edit of {Path}: {Reason}; the last valid configuration keeps running (SIGHUP or the next save tries again)")]
    private partial void LogNotApplied(string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP was ignored by the process that started this one (nohup?); it is taken as a reload all the same")]
    private partial void LogHangupWasIgnored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIGHUP is ignored in this process and could not be taken: saving {Path} reloads it, SIGHUP does not")]
    private partial void LogHangupIgnored(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Path}: {Outlets} outlets, {Topics} topics")]
    private partial void LogReloaded(string path, int outlets, int topics);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the edit of {Path} ({Count} problems); the last valid configuration keeps running")]
    private partial void LogRefused(string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full text: the backlog of outlets removed or turned off was not cleared ({Error}); the next prune tries again")]
    private partial void LogBacklogNotCleaned(string error);

    private const int MaxProblemLines = 20;

    [LoggerMessage(Level = LogLevel.Error, Message = "... and {Count} more problems in {Path}: `aggregator validate` lists every one")]
    private partial void LogMoreProblems(int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private partial void LogProblem(string problem);
}
