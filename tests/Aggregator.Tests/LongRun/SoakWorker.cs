using System.Diagnostics;
using System.Globalization;
using Aggregator.Configuration;
using Aggregator.Hosting;
using Aggregator.Store;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Aggregator.Tests.LongRun;

/// <summary>
/// The worker as `run` composes it (Kestrel on 127.0.0.1, Quartz, the SQLite store in a temp folder, reload, retention), in
/// this process, on a <see cref="FakeTimeProvider"/> that Quartz runs on too: advancing it a day fires every outlet's
/// daily trigger and the hourly retention job once (missed firings collapse), so a year is a loop of 365 rounds.
/// </summary>
internal sealed class SoakWorker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempFolder _folder;

    private SoakWorker(WebApplication app, TempFolder folder, FakeTimeProvider time, CountingLog log, HttpClient http)
    {
        _app = app;
        _folder = folder;
        Time = time;
        Log = log;
        Http = http;
    }

    public FakeTimeProvider Time { get; }

    public CountingLog Log { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public string ConfigPath => _folder.File("feeds.json");

    public string DatabasePath => _folder.File("data/aggregator.db");

    public static Task<SoakWorker> StartAsync(TempFolder folder, string feedsJson, DateTimeOffset start) =>
        StartAsync(folder, _ => feedsJson, start);

    /// <param name="feedsJson">feeds.json given the worker's own address (defaults.publicUrl, for a hub to call back).</param>
    public static async Task<SoakWorker> StartAsync(TempFolder folder, Func<Uri, string> feedsJson, DateTimeOffset start)
    {
        var port = FreePort.Next();
        var (configPath, snapshot) = await WrittenConfig.WriteAsync(folder, feedsJson(new Uri($"http://127.0.0.1:{port}/")));
        var paths = new AggregatorPaths(configPath, folder.File("data"));
        var time = new FakeTimeProvider(start);
        var log = new CountingLog();
        // Registered before the worker's own TryAdd, so every part of it (Quartz included) runs on this clock.
        var app = await InProcessWorker.StartAsync(paths, snapshot, port, log, services => services.AddSingleton<TimeProvider>(time));
        // The outlets' triggers and the retention job are placed by hosted services after start: a clock advanced before
        // they are in place would leave them a day behind.
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // And the scheduler running, as /healthz judges it: jobs can be placed while it still waits to start, and a test
        // that reads /healthz at once (a restart's) met 503 under load.
        await WaitFor.UntilAsync("the outlets and retention scheduled, the scheduler running", async () =>
            log.Count("Scheduled ") > 0 && await scheduler.Exists(Aggregator.Scheduling.PruneJob.Key)
            && await scheduler.GetStatus() == SchedulerStatus.Running);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        return new SoakWorker(app, folder, time, log, http);
    }

    /// <summary>
    /// Moves the clock on by <paramref name="step"/> and waits until every outlet in <paramref name="polled"/> has been
    /// attempted at the new time and retention has run once more.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan step, IReadOnlyCollection<string> polled)
    {
        var prunes = Log.Count("Retention applied");
        Time.Advance(step);
        var now = Time.GetUtcNow();
        var store = Services.GetRequiredService<IAggregatorStore>();
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var states = (await store.GetOutletsAsync(CancellationToken.None)).ToDictionary(s => s.OutletId, StringComparer.Ordinal);
            var waiting = polled.Where(id => !(states.TryGetValue(id, out var s) && s.LastAttempt >= now)).ToList();
            // A failing outlet's firing inside its backoff polls nothing: wait for the scheduler to run no job instead.
            if (waiting.Count == 0 && Log.Count("Retention applied") > prunes && (await scheduler.GetMetadata()).LocalExecutingJobs == 0)
            {
                return;
            }
            // A bound on counts of waits, not on the clock: a round that never completes is a hang, not a slow machine.
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30),
                $"at {now:O}: not polled {string.Join(", ", waiting)}; prunes {Log.Count("Retention applied")} (were {prunes})");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Rewrites feeds.json and reloads it as SIGHUP does (the file watcher's debounce runs on the worker's clock, which
    /// only the test moves), then waits until the outlets are rescheduled.
    /// </summary>
    public async Task ReloadAsync(string feedsJson)
    {
        var schedules = Log.Count("Scheduled ");
        await File.WriteAllTextAsync(ConfigPath, feedsJson);
        await Services.GetServices<IHostedService>().OfType<ConfigReloader>().Single().ReloadAsync(CancellationToken.None);
        Assert.True(Log.Count("Reloaded ") > 0, "feeds.json was not reloaded");
        await WaitFor.UntilAsync("the outlets rescheduled", () => Task.FromResult(Log.Count("Scheduled ") > schedules));
    }

    /// <summary>Every figure that must level off, read as an operator's tools would: files, the database, /proc, /metrics.</summary>
    public async Task<SoakSample> SampleAsync(int round)
    {
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var articles = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            var names = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }
            foreach (var name in names)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM \"{name}\";";
                tables[name] = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
            await using var byOutlet = connection.CreateCommand();
            byOutlet.CommandText = "SELECT outlet_id, count(*) FROM articles GROUP BY outlet_id;";
            await using var rows = await byOutlet.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                articles[rows.GetString(0)] = rows.GetInt64(1);
            }
        }
        var metrics = await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var series = metrics.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var jobs = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup())).Count;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new SoakSample(
            round,
            FileLength(DatabasePath),
            FileLength(DatabasePath + "-wal"),
            tables,
            articles,
            Directory.GetFiles("/proc/self/fd").Length,
            process.Threads.Count,
            GC.GetTotalMemory(forceFullCollection: false),
            series,
            OutletsInMetrics(metrics),
            jobs,
            Log.Lines,
            Log.Bytes);
    }

    /// <summary>Every outlet some /metrics series is labelled with.</summary>
    private static SortedSet<string> OutletsInMetrics(string metrics)
    {
        var outlets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(metrics, "outlet=\"([^\"]*)\""))
        {
            outlets.Add(match.Groups[1].Value);
        }
        return outlets;
    }

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
