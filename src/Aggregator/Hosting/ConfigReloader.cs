using System.Runtime.InteropServices;
using Aggregator.Configuration;
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
/// an invalid one is reported with every problem and the last valid configuration keeps running.
/// </summary>
public sealed partial class ConfigReloader(
    ActiveConfig config,
    ConfigStatus status,
    IAggregatorStore store,
    BacklogCleanup backlog,
    TimeProvider time,
    ILogger<ConfigReloader> logger) : BackgroundService
{
    private readonly DebouncedSignal _signal = new(TimeSpan.FromMilliseconds(300), time);

    // The content last loaded (or found at start), so the periodic check reloads only on a real change.
    private string? _loaded;

    private PosixSignalRegistration? _hangup;

    /// <summary>
    /// Takes SIGHUP before the host goes on to start the server, not in <see cref="ExecuteAsync"/>: since .NET 10 that
    /// runs on the pool after start-up has gone on, so a worker already answering /healthz could ignore an operator's
    /// SIGHUP (CI sent one right after the first healthy answer, and it was never applied). The signal waits in
    /// <see cref="_signal"/> until the loop takes it.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // SIGHUP means "reload" to operators and systemd's ExecReload, never "hang up and die".
            context.Cancel = true;
            _signal.Notify();
        });
        return base.StartAsync(cancellationToken);
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
                await ReloadAsync(stoppingToken);
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
            foreach (var problem in result.Problems)
            {
                LogProblem(problem.ToString());
            }
            return;
        }

        var next = ConfigSnapshot.From(result.Config!, path);
        // Memberships first, so feeds rendered after the swap already reflect the new rules.
        await TopicMemberships.SyncAsync(store, next.Matcher, next.TopicsHash, ct);
        config.Replace(next);
        status.Accepted(time.GetUtcNow());
        LogReloaded(path, next.Config.Outlets.Count, next.Config.Topics.Count);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Path}: {Outlets} outlets, {Topics} topics")]
    private partial void LogReloaded(string path, int outlets, int topics);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the edit of {Path} ({Count} problems); the last valid configuration keeps running")]
    private partial void LogRefused(string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Full text: the backlog of outlets removed or turned off was not cleared ({Error}); the next prune tries again")]
    private partial void LogBacklogNotCleaned(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private partial void LogProblem(string problem);
}
