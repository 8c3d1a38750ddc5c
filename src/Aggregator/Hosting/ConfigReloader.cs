using System.Runtime.InteropServices;
using Aggregator.Configuration;
using Aggregator.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Hosting;

/// <summary>
/// Applies edits of feeds.json while running: on a change of the file (debounced, since editors
/// write in several steps) or on SIGHUP. A valid edit replaces the running configuration whole;
/// an invalid one is reported with every problem and the last valid configuration keeps running.
/// </summary>
public sealed partial class ConfigReloader(
    ActiveConfig config,
    ConfigStatus status,
    IAggregatorStore store,
    TimeProvider time,
    ILogger<ConfigReloader> logger) : BackgroundService
{
    private readonly DebouncedSignal _signal = new(TimeSpan.FromMilliseconds(300), time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = config.Current.FilePath;
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => _signal.Notify();
        watcher.Created += (_, _) => _signal.Notify();
        watcher.Renamed += (_, _) => _signal.Notify();
        watcher.EnableRaisingEvents = true;
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // SIGHUP means "reload" to operators and systemd's ExecReload, never "hang up and die".
            context.Cancel = true;
            _signal.Notify();
        });

        while (!stoppingToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(stoppingToken);
            await ReloadAsync(stoppingToken);
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        var path = config.Current.FilePath;
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
        await TopicMemberships.SyncAsync(store, next, ct);
        config.Replace(next);
        status.Accepted(time.GetUtcNow());
        LogReloaded(path, next.Config.Outlets.Count, next.Config.Topics.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded {Path}: {Outlets} outlets, {Topics} topics")]
    private partial void LogReloaded(string path, int outlets, int topics);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the edit of {Path} ({Count} problems); the last valid configuration keeps running")]
    private partial void LogRefused(string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private partial void LogProblem(string problem);
}
