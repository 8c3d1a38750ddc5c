using System.Collections.Concurrent;
using System.Diagnostics;
using Aggregator.Bench.Shared;
using Aggregator.Configuration;
using Aggregator.Hosting;

namespace Aggregator.Load;

/// <summary>
/// The whole measurement, in order: in-process micro figures; outlet server; round 1 by the real
/// worker (`run`); serving /feeds/all.atom against nginx; round 2 by `poll`; start-up on a
/// pre-filled store. Each phase prints what it measured; the figures end in bench/results/latest.json.
/// </summary>
internal sealed class LoadRun(LoadOptions options)
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly LoadReport _report = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var repo = Machine.FindRepo(options.RepoRoot);
        var output = options.Output ?? Path.Combine(repo, "bench", "results", "latest.json");
        var temp = Directory.CreateTempSubdirectory("aggregator-load-").FullName;
        _report.Commit = await Machine.CommitAsync(repo, ct);
        _report.MemoryGb = Machine.MemoryGb();
        _report.Cpu = Machine.Cpu();
        _report.Details["mode"] = options.Quick ? "quick" : "full";
        _report.Details["options"] = options with { };
        _report.Details["started_utc"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        Log($"temp folder {temp}");
        try
        {
            var dll = options.AggregatorDll ?? await AggregatorBuild.BuildAsync(repo, Path.Combine(temp, "aggregator"), ct);
            if (options.ScalingOnly)
            {
                // Just the scale-out figure, into its own file: the headline figures stay as they were measured.
                await ScalingAsync(dll, temp, ct);
                var scaling = options.Output ?? Path.Combine(repo, "bench", "results", "scaling.json");
                await File.WriteAllTextAsync(scaling, System.Text.Json.JsonSerializer.Serialize(_report.Details["scaling"], Indented) + "\n", ct);
                Log($"wrote {scaling}");
                return 0;
            }
            if (options.IngestOnly || options.ServeIngestOnly || options.PostgresIngestOnly)
            {
                // Nothing lands in latest.json unless asked for: a partial run must not pass for a complete one.
                output = options.Output ?? Path.Combine(temp, "ingest.json");
            }
            else
            {
                MeasureInProcess();
                await _report.WriteAsync(output, ct);
            }

            var content = BenchInputs.Instance.Content;
            Log($"generating {options.Outlets} outlets of {options.ItemsPerFeed} items");
            await using var server = await OutletServer.StartAsync(content, options.Outlets, options.ItemsPerFeed, options.Hosts, options.Hanging, ct);
            var sizes = server.Outlets.Select(o => (double)o.Current.Body.Length / 1024).ToList();
            _report.Details["outlet_feed_kb"] = new { min = LoadReport.Round(sizes.Min()), median = LoadReport.Round(Percentiles.Of(sizes, 50)), max = LoadReport.Round(sizes.Max()) };
            _report.Details["outlet_behaviours"] = server.Outlets.GroupBy(o => o.Behaviour.ToString()).ToDictionary(g => g.Key, g => g.Count());
            var behaviours = server.Outlets.ToDictionary(o => o.Id, o => o.Behaviour);
            _report.Outlets = options.Outlets;

            var dataFolder = Path.Combine(temp, "data");
            var config = Path.Combine(temp, "feeds.json");
            await FeedsFile.WriteAsync(config, server.Outlets, ct);
            _report.Details["fetch_timeout"] = FeedsFile.FetchTimeout;

            if (options.PostgresIngestOnly)
            {
                // Its own file, like scaling.json: the headline figures stay as they were measured.
                await PostgresIngestAsync(dll, config, temp, server, ct);
                var file = options.Output ?? Path.Combine(repo, "bench", "results", "postgres-ingest.json");
                await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(_report.Details["postgres_ingest"], Indented) + "\n", ct);
                Log($"wrote {file}");
                return 0;
            }
            await FirstRoundAndServeAsync(dll, config, dataFolder, server, behaviours, temp, ct);
            await _report.WriteAsync(output, ct);
            if (options.ServeIngestOnly)
            {
                Console.WriteLine(await File.ReadAllTextAsync(output, ct));
                return 0;
            }
            if (options.IngestOnly)
            {
                await ColdPollAsync(dll, config, Path.Combine(temp, "cold"), server, ct);
                if (options.Repoll)
                {
                    await RepollAsync(dll, config, Path.Combine(temp, "cold"), server, ct);
                }
                await _report.WriteAsync(output, ct);
                Console.WriteLine(await File.ReadAllTextAsync(output, ct));
                return 0;
            }
            await SecondRoundAsync(dll, config, dataFolder, server, behaviours, ct);
            await _report.WriteAsync(output, ct);
            await ColdPollAsync(dll, config, Path.Combine(temp, "cold"), server, ct);
            await RepollAsync(dll, config, Path.Combine(temp, "cold"), server, ct);
            await _report.WriteAsync(output, ct);
            await StartupAsync(dll, config, Path.Combine(temp, "prefilled"), server, content, ct);
            await _report.WriteAsync(output, ct);
            if (options.Scaling)
            {
                await ScalingAsync(dll, temp, ct);
                await _report.WriteAsync(output, ct);
                await PostgresIngestAsync(dll, config, temp, server, ct);
            }
            _report.Details["total_harness_s"] = LoadReport.Round(_clock.Elapsed.TotalSeconds);
            await _report.WriteAsync(output, ct);
            Log($"wrote {output}");
            Console.WriteLine(await File.ReadAllTextAsync(output, ct));
            return 0;
        }
        finally
        {
            if (!options.KeepTemp)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Polls per second with 1, 2 and 3 workers sharing a PostgreSQL store (see <see cref="ScalingRun"/>).</summary>
    private async Task ScalingAsync(string dll, string temp, CancellationToken ct)
    {
        Log($"scaling: 1-3 `run` workers on one PostgreSQL database, {ScalingRun.Outlets} outlets answering in {ScalingRun.Latency.TotalMilliseconds} ms");
        _report.Details["scaling"] = await new ScalingRun(dll, temp, Log).RunAsync(ct);
    }

    /// <summary>The cold poll on SQLite and on PostgreSQL, both sides' CPU per 1,000 articles (see <see cref="PostgresIngestRun"/>).</summary>
    private async Task PostgresIngestAsync(string dll, string config, string temp, OutletServer server, CancellationToken ct)
    {
        Log($"postgres ingest: the cold poll of {server.Outlets.Count} outlets on SQLite, then on PostgreSQL (worker and server CPU)");
        _report.Details["postgres_ingest"] = await new PostgresIngestRun(dll, config, temp, Log).RunAsync(server, ct);
    }

    /// <summary>
    /// The same passes by processor time and collections (issue 23, h53c: what `parse` prints), so a quiet run's
    /// wall-clock ratio comes with the figures that say how much of it was collection or waiting.
    /// </summary>
    private void RecordPasses(string figure)
    {
        var passes = ParseFigure.Of(InProcessFigures.Passes, figure);
        Log(passes.Line);
        _report.Details[$"parse_{figure}_passes"] = passes.Details;
    }

    private void MeasureInProcess()
    {
        // 41 runs each: tiered compilation (and its PGO re-compiles) has settled well before the median.
        const int Runs = 41;
        var feed = BenchInputs.Instance.Rss5MB;
        Log($"in-process: parsing a {feed.Length / 1024.0 / 1024.0:F1} MB RSS feed against a bare XmlReader pass, {Runs} runs each");
        _report.Details["loadavg_1m_at_start"] = Machine.LoadAverage();
        var (parse, scan, entries) = InProcessFigures.Parse(feed, Runs);
        _report.ParseMbS = parse;
        _report.XmlReaderScanMbS = scan;
        _report.ParseRatioLarge = parse / scan;
        _report.Details["parse_feed_bytes"] = feed.Length;
        _report.Details["parse_feed_entries"] = entries;
        Log($"  parse {parse:F1} MB/s, XmlReader scan {scan:F1} MB/s, ratio {parse / scan:F2}");
        RecordPasses("large");

        var small = SmallFeeds.Build(BenchInputs.Instance.Content);
        var kb = small.Average(f => f.Body.Length) / 1024;
        Log($"in-process: parsing {small.Count} feeds of {kb:F0} KB on average against a bare XmlReader pass, {Runs} runs each");
        var (smallParse, smallScan) = InProcessFigures.ParseAll(small, Runs);
        _report.ParseRatioSmall = smallParse / smallScan;
        _report.Details["parse_small"] = new Dictionary<string, object?>
        {
            ["feeds"] = small.Count,
            ["average_kb"] = LoadReport.Round(kb),
            ["parse_mb_s"] = LoadReport.Round(smallParse),
            ["xmlreader_scan_mb_s"] = LoadReport.Round(smallScan),
        };
        Log($"  parse {smallParse:F1} MB/s, XmlReader scan {smallScan:F1} MB/s, ratio {smallParse / smallScan:F2}");
        RecordPasses("small");

        Log("in-process: near-duplicate lookup at 1,000,000 stored signatures");
        try
        {
            var (median, p99, count) = InProcessFigures.DedupLookup(1_000_000, 20_000);
            _report.DedupLookupUsMedian1M = median;
            _report.Details["dedup_lookup_us_p99_1m"] = LoadReport.Round(p99, 3);
            _report.Details["dedup_index_count"] = count;
            Log($"  median {median:F2} µs, p99 {p99:F2} µs");
        }
        catch (Exception e) when (e is TypeLoadException or MissingMethodException)
        {
            _report.Details["dedup_error"] = e.Message;
            Log($"  near-duplicate index not usable: {e.Message}");
        }
    }

    /// <summary>
    /// Round 1 is the real worker's first round: from launching `run` on an empty data folder until
    /// every outlet's poll was stored (its "Polled …" log line, written after the store transaction).
    /// It includes process start and the worker's 30 s start window over which first polls are spread.
    /// </summary>
    private async Task FirstRoundAndServeAsync(string dll, string config, string data, OutletServer server,
        IReadOnlyDictionary<string, OutletBehaviour> behaviours, string temp, CancellationToken ct)
    {
        server.ResetStats();
        var polls = new ConcurrentDictionary<string, PollLine>(StringComparer.Ordinal);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var port = FreePort.Next();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var launched = Stopwatch.GetTimestamp();
        Log($"round 1: `run` on an empty store, {options.Outlets} outlets, listening on {baseUrl}");
        using var child = AggregatorChild.Start(dll, "run", config, data, baseUrl, line =>
        {
            if (PollLine.FromLog(line, Stopwatch.GetElapsedTime(launched).TotalSeconds) is { } poll
                && polls.TryAdd(poll.OutletId, poll) && polls.Count >= options.Outlets)
            {
                done.TrySetResult();
            }
        }, options.ChildEnvironment);
        await using var sampler = new RssSampler(child);
        var healthy = await AggregatorChild.WaitHealthyAsync(baseUrl, child, launched, TimeSpan.FromSeconds(60), ct);
        Log($"  healthy after {healthy:F2} s");
        var serveDuringIngest = options.IngestOnly ? Task.FromResult<(WrkResult?, Dictionary<string, object?>?)>((null, null)) : ServeDuringIngestAsync(baseUrl, child, polls, done.Task, ct);
        // Generous: on a 2-core machine shared with other builds a round took over 5 minutes.
        var limit = Task.Delay(TimeSpan.FromMinutes(20), ct);
        var lastReport = 0;
        // --serve-ingest-only needs only the part of the round wrk ran in: on a loaded machine the rest can take many minutes.
        bool Enough() => done.Task.IsCompleted || (options.ServeIngestOnly && !options.WholeRound && serveDuringIngest.IsCompleted);
        while (!Enough() && !limit.IsCompleted && !child.HasExited)
        {
            await Task.WhenAny(done.Task, serveDuringIngest, limit, Task.Delay(5000, ct));
            if (polls.Count != lastReport)
            {
                Log($"  {polls.Count} outlets polled, {polls.Values.Sum(p => (long)p.New)} items, RSS {child.RssMb():F0} MB");
                lastReport = polls.Count;
            }
        }
        if (!Enough())
        {
            throw new InvalidOperationException($"load: round 1 incomplete ({polls.Count}/{options.Outlets} outlets):\n{string.Join('\n', child.Tail.TakeLast(30))}");
        }
        sampler.Sample(child);
        var cpuRound1 = sampler.CpuSeconds;
        var writtenRound1 = child.WriteBytes();
        var gc = await RuntimeCounters.ScrapeAsync(baseUrl, ct);
        var (duringIngest, window) = await serveDuringIngest;
        var all = polls.Values.OrderBy(p => p.At).ToList();
        var round = new RoundResult(all[^1].At, all, server.Stats, sampler.PeakMb);
        var firstRequest = server.Stats.FirstRequestAt > 0 ? (server.Stats.FirstRequestAt - launched) / (double)Stopwatch.Frequency : double.NaN;
        _report.FirstRoundS = round.Seconds;
        _report.Items = round.NewItems;
        var details = round.Describe(behaviours);
        details["healthy_after_s"] = LoadReport.Round(healthy);
        // CPU the worker spent (start-up included): unlike wall time, hardly inflated when other work shares the cores.
        details["child_cpu_s"] = LoadReport.Round(cpuRound1);
        details["loadavg_1m_at_end"] = Machine.LoadAverage();
        details["first_outlet_request_s"] = LoadReport.Round(firstRequest);
        details["items_per_s"] = LoadReport.Round(round.NewItems / round.Seconds, 0);
        details["items_per_s_after_first_request"] = LoadReport.Round(round.NewItems / (round.Seconds - firstRequest), 0);
        // Start-up and the serving below included: the cold `poll` (PollColdAsync) gives the ingest alone.
        details["child_cpu_s_per_1000_articles"] = LoadReport.Round(cpuRound1 * 1000 / round.NewItems, 3);
        details["child_disk_bytes_per_article"] = LoadReport.Round((double)writtenRound1 / round.NewItems, 0);
        details["gc_allocated_bytes"] = gc.AllocatedBytes;
        details["gc_collections"] = gc.Collections;
        details["feed_renders"] = gc.FeedRenders;
        details["feed_render_s"] = gc.FeedRenderSeconds is { } renderS ? LoadReport.Round(renderS, 3) : null;
        _report.AllocBytesPerArticle = (double)gc.AllocatedBytes / round.NewItems;
        _report.Gen2CollectionsRound1 = gc.Collections.GetValueOrDefault("2");
        if (duringIngest is { } wrk)
        {
            // No completed request (all past wrk's 2 s timeout) has no percentile: null, with wrk's own words.
            _report.ServeP99MsDuringIngest = wrk.Requests > 0 ? wrk.P99Ms : double.NaN;
            details["serve_during_ingest"] = new Dictionary<string, object?>
            {
                ["rps"] = LoadReport.Round(wrk.RequestsPerSecond, 0),
                ["p50_ms"] = wrk.P50Ms,
                ["p99_ms"] = wrk.P99Ms,
                ["requests"] = wrk.Requests,
                ["non_2xx"] = wrk.NonSuccess,
                ["connections"] = options.WrkConnections,
                ["seconds"] = options.WrkSeconds,
                ["wrk_output"] = wrk.Requests > 0 ? null : wrk.Raw,
                ["window"] = window,
            };
        }
        _report.Details["round1_run"] = details;
        Log($"  round 1: {round.Seconds:F1} s, {round.NewItems} items ({round.NewItems / round.Seconds:F0}/s), outlet p50/p99 {details["outlet_latency_ms_p50"]}/{details["outlet_latency_ms_p99"]} ms, peak RSS {round.PeakRssMb:F0} MB");

        if (!options.IngestOnly && !options.ServeIngestOnly)
        {
            await ServeAsync(baseUrl, temp, ct);
        }
        sampler.Sample(child);
        _report.PeakRssMb = sampler.PeakMb;
        _report.Details["run_peak_rss_mb_after_serve"] = LoadReport.Round(sampler.PeakMb);
        await child.StopAsync(TimeSpan.FromSeconds(20));
        _report.Details["run_exit_code"] = child.ExitCode;
    }

    /// <summary>
    /// wrk on /feeds/all.atom while round 1 ingests: started once a quarter of the outlets are stored
    /// (the feed then changes with every commit), for the wrk duration. Null if the round ended first.
    /// </summary>
    /// <returns>wrk's figures (null if the round ended first), and what the worker did in wrk's window: the
    /// polls it stored, its CPU seconds, its threads before and after (growth is the thread pool injecting threads
    /// for blocked ones) and its collections by generation.</returns>
    private async Task<(WrkResult?, Dictionary<string, object?>?)> ServeDuringIngestAsync(Uri baseUrl, ChildProcess child,
        ConcurrentDictionary<string, PollLine> polls, Task roundDone, CancellationToken ct)
    {
        while (polls.Count < options.Outlets / 4)
        {
            if (roundDone.IsCompleted)
            {
                return (null, null);
            }
            await Task.Delay(100, ct);
        }
        var feedUrl = new Uri(baseUrl, "/feeds/all.atom");
        Log($"  serve during ingest: wrk -c {options.WrkConnections} -d {options.WrkSeconds}s {feedUrl} at {polls.Count} outlets polled");
        var gcBefore = await RuntimeCounters.ScrapeAsync(baseUrl, ct);
        var (pollsBefore, cpuBefore, threadsBefore) = (polls.Count, child.CpuSeconds(), child.Threads());
        var schedBefore = ThreadSchedStats.Read(child.Id);
        // A 30 s request timeout: in two runs on a loaded machine no request finished within wrk's default 2 s while
        // the round ingested, which left no percentile at all; a slow answer is a latency to report, not a miss.
        var trace = options.GcTrace ? GcPauseTrace.Start(child.Id) : null;
        var jit = options.GcTrace ? JitTrace.Start(child.Id) : null;
        using var probeStop = new CancellationTokenSource();
        var probe = options.GcTrace ? LatencyProbe.RunAsync(feedUrl, probeStop.Token) : null;
        var result = await Wrk.RunAsync(feedUrl, options.WrkConnections, TimeSpan.FromSeconds(options.WrkSeconds), ct, TimeSpan.FromSeconds(30));
        await probeStop.CancelAsync();
        var (pollsAfter, cpuAfter, threadsAfter) = (polls.Count, child.CpuSeconds(), child.Threads());
        var sched = ThreadSchedStats.Since(schedBefore, ThreadSchedStats.Read(child.Id));
        var gcAfter = await RuntimeCounters.ScrapeAsync(baseUrl, ct);
        var window = new Dictionary<string, object?>
        {
            ["polls_stored"] = pollsAfter - pollsBefore,
            ["polls_counted_by_worker"] = gcAfter.Polls - gcBefore.Polls,
            // Load-independent, unlike the latencies: what ingest, requests and renderings allocated in the window.
            ["gc_allocated_bytes"] = gcAfter.AllocatedBytes - gcBefore.AllocatedBytes,
            ["worker_cpu_s"] = LoadReport.Round(cpuAfter - cpuBefore),
            ["worker_threads_before"] = threadsBefore,
            ["worker_threads_after"] = threadsAfter,
            ["gc_collections"] = gcAfter.Collections.ToDictionary(c => c.Key, c => c.Value - gcBefore.Collections.GetValueOrDefault(c.Key)),
            // Every request thread stands still while a (non-concurrent) collection runs: the share of the window paused
            // against p99 says how much of the tail is the GC's.
            ["gc_pause_s"] = gcAfter.PauseSeconds - gcBefore.PauseSeconds is { } paused ? LoadReport.Round(paused, 3) : null,
            // Each rendering of a feed read meanwhile reads the store and writes the feed on the readers' cores: how many began
            // in the window, and their time from start to landing (null from a build that does not count them).
            ["feed_renders"] = gcAfter.FeedRenders - gcBefore.FeedRenders,
            ["feed_render_s"] = gcAfter.FeedRenderSeconds - gcBefore.FeedRenderSeconds is { } rendering ? LoadReport.Round(rendering, 3) : null,
            ["threads_by_kind"] = sched,
            ["loadavg_1m"] = Machine.LoadAverage(),
            ["child_environment"] = options.ChildEnvironment,
        };
        if (trace is not null && probe is not null && jit is not null)
        {
            var pauses = await trace.StopAsync();
            var compiles = await jit.StopAsync();
            var probed = await probe;
            window["gc_pauses"] = LatencyProbe.Summarize(pauses, 10);
            window["probe"] = LatencyProbe.Attribute(probed, pauses, 10);
            window["by_second"] = LatencyProbe.BySecond(probed, pauses, compiles, 10);
            Log($"  by second: {System.Text.Json.JsonSerializer.Serialize(window["by_second"])}");
            Log($"  GC pauses: {System.Text.Json.JsonSerializer.Serialize(window["gc_pauses"])}");
            Log($"  probe: {System.Text.Json.JsonSerializer.Serialize(window["probe"])}");
        }
        Log($"  during ingest: {result.RequestsPerSecond:F0} req/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, non-2xx {result.NonSuccess}, {polls.Count} outlets polled at its end");
        Log($"  in that window: {pollsAfter - pollsBefore} polls stored ({window["polls_counted_by_worker"]} by the worker's /metrics), worker CPU {cpuAfter - cpuBefore:F1} s, threads {threadsBefore} -> {threadsAfter}, collections {string.Join(' ', ((Dictionary<string, long>)window["gc_collections"]!).Select(c => $"gen{c.Key}:{c.Value}"))}, GC paused {window["gc_pause_s"]} s, feed renders {window["feed_renders"]} taking {window["feed_render_s"]} s");
        Log($"  threads (CPU s / run delay s / delay per slice ms): {string.Join(", ", sched.Select(k => (Dictionary<string, object?>)k.Value! is var d ? $"{k.Key} x{d["threads"]} {d["cpu_s"]}/{d["run_delay_s"]}/{d["delay_per_slice_ms"]}" : ""))}");
        return (result, window);
    }

    /// <summary>/feeds/all.atom from the worker (rendered once, then served from memory) against the same bytes from nginx.</summary>
    private async Task ServeAsync(Uri baseUrl, string temp, CancellationToken ct)
    {
        var feedUrl = new Uri(baseUrl, "/feeds/all.atom");
        using var client = new HttpClient();
        var started = Stopwatch.GetTimestamp();
        var bytes = await client.GetByteArrayAsync(feedUrl, ct);
        _report.Details["all_atom_first_request_ms"] = LoadReport.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _report.Details["all_atom_bytes"] = bytes.Length;
        var (aggregator, reference) = await CompareWithNginxAsync(feedUrl, bytes, Path.Combine(temp, "nginx"), ct);
        _report.ServeRps = aggregator.RequestsPerSecond;
        _report.ServeP99Ms = aggregator.P99Ms;
        _report.NginxRps = reference.RequestsPerSecond;
        _report.Details["serve"] = new Dictionary<string, object?>
        {
            ["loadavg_1m_at_end"] = Machine.LoadAverage(),
            ["aggregator_p50_ms"] = aggregator.P50Ms,
            ["aggregator_non_2xx"] = aggregator.NonSuccess,
            ["aggregator_requests"] = aggregator.Requests,
            ["nginx_p50_ms"] = reference.P50Ms,
            ["nginx_p99_ms"] = reference.P99Ms,
            ["connections"] = options.WrkConnections,
            ["seconds"] = options.WrkSeconds,
        };
    }

    private async Task<(WrkResult Aggregator, WrkResult Nginx)> CompareWithNginxAsync(Uri feedUrl, byte[] bytes, string nginxFolder, CancellationToken ct)
    {
        var duration = TimeSpan.FromSeconds(options.WrkSeconds);
        // An unmeasured run first, against both servers alike: the worker's JIT compiles and
        // re-compiles (tiered, with PGO) its hot paths during its first seconds under load, which
        // is start-up, not serving; nginx has nothing to warm, so this only evens the footing.
        var warmUp = TimeSpan.FromSeconds(Math.Min(5, options.WrkSeconds));
        Log($"serve: wrk -c {options.WrkConnections} -d {duration.TotalSeconds}s {feedUrl} ({bytes.Length / 1024} KB), after {warmUp.TotalSeconds}s of warm-up");
        await Wrk.RunAsync(feedUrl, options.WrkConnections, warmUp, ct);
        var aggregator = await Wrk.RunAsync(feedUrl, options.WrkConnections, duration, ct);
        Log($"  aggregator {aggregator.RequestsPerSecond:F0} req/s, p50 {aggregator.P50Ms:F2} ms, p99 {aggregator.P99Ms:F2} ms, non-2xx {aggregator.NonSuccess}");
        await using var nginx = await NginxServer.StartAsync(nginxFolder, "all.atom", bytes, ct);
        await Wrk.RunAsync(nginx.Url, options.WrkConnections, warmUp, ct);
        var reference = await Wrk.RunAsync(nginx.Url, options.WrkConnections, duration, ct);
        Log($"  nginx      {reference.RequestsPerSecond:F0} req/s, p50 {reference.P50Ms:F2} ms, p99 {reference.P99Ms:F2} ms");
        return (aggregator, reference);
    }

    /// <summary>
    /// Round 2 with `poll` on the same store: every outlet once, at once, with the validators stored in
    /// round 1, so unchanged outlets answer 304; 20% publish 5 new items. Wall time of the command.
    /// </summary>
    private async Task SecondRoundAsync(string dll, string config, string data, OutletServer server,
        IReadOnlyDictionary<string, OutletBehaviour> behaviours, CancellationToken ct)
    {
        server.NextRound(0.2);
        var polls = new ConcurrentBag<PollLine>();
        var launched = Stopwatch.GetTimestamp();
        Log("round 2: `poll` on the stored validators, 20% of outlets changed");
        using var child = AggregatorChild.Start(dll, "poll", config, data, null, line =>
        {
            if (PollLine.FromPollOutput(line, Stopwatch.GetElapsedTime(launched).TotalSeconds) is { } poll)
            {
                polls.Add(poll);
            }
        });
        await using (var sampler = new RssSampler(child))
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromMinutes(5));
            await child.WaitForExitAsync(limit.Token);
            var seconds = Stopwatch.GetElapsedTime(launched).TotalSeconds;
            var round = new RoundResult(seconds, [.. polls], server.Stats, sampler.PeakMb);
            _report.SecondRoundS = seconds;
            var details = round.Describe(behaviours);
            details["exit_code"] = child.ExitCode;
            details["child_cpu_s"] = LoadReport.Round(sampler.CpuSeconds);
            details["loadavg_1m_at_end"] = Machine.LoadAverage();
            _report.Details["round2_poll"] = details;
            Log($"  round 2: {seconds:F1} s, {round.Server}, new={round.NewItems} updated={round.UpdatedItems}, slowest answering outlet {details["slowest_answering_outlet_ms"]} ms");
        }
    }

    /// <summary>
    /// The ingest cost alone: `poll` on an empty data folder stores every outlet's items at once, with no
    /// start window and no serving. Its CPU seconds and disk writes are its whole life's (see <see cref="ProcIo"/>).
    /// </summary>
    private async Task ColdPollAsync(string dll, string config, string data, OutletServer server, CancellationToken ct)
    {
        server.ResetStats();
        var polls = new ConcurrentBag<PollLine>();
        var before = ProcIo.Self();
        var launched = Stopwatch.GetTimestamp();
        Log("cold poll: `poll` on an empty store, every outlet at once");
        using var child = AggregatorChild.Start(dll, "poll", config, data, null, line =>
        {
            if (PollLine.FromPollOutput(line, Stopwatch.GetElapsedTime(launched).TotalSeconds) is { } poll)
            {
                polls.Add(poll);
            }
        }, options.ChildEnvironment);
        var (peak, stopped) = await RssSampler.WaitForExitAsync(child, TimeSpan.FromMinutes(10), ct);
        var seconds = Stopwatch.GetElapsedTime(launched).TotalSeconds;
        var after = ProcIo.Self();
        var stored = polls.Sum(p => (long)p.New);
        var cpu = after.ChildCpuSeconds - before.ChildCpuSeconds;
        var written = after.WriteBytes - before.WriteBytes;
        var dbBytes = new DirectoryInfo(data).GetFiles().Sum(f => f.Length);
        _report.CpuSPer1000Articles = cpu * 1000 / stored;
        _report.DiskBytesPerArticle = (double)written / stored;
        _report.PollPeakRssMb = peak;
        _report.Details["cold_poll"] = new Dictionary<string, object?>
        {
            ["exit_code"] = child.ExitCode,
            ["stopped_at_limit"] = stopped,
            ["seconds"] = LoadReport.Round(seconds),
            ["articles"] = stored,
            ["cpu_s"] = LoadReport.Round(cpu),
            ["write_bytes"] = written,
            ["database_bytes"] = dbBytes,
            ["peak_rss_mb"] = LoadReport.Round(peak),
            ["loadavg_1m_at_end"] = Machine.LoadAverage(),
        };
        Log($"  cold poll: {seconds:F1} s, {stored} articles, {cpu:F1} CPU-s ({cpu * 1000 / stored:F3} per 1,000), {written / 1024 / 1024} MB written ({(double)written / stored / 1024:F1} KB per article; database {dbBytes / 1024 / 1024} MB), peak RSS {peak:F0} MB" +
            (stopped ? "; stopped at the 10-minute limit, so the figures cover what it stored by then" : ""));
    }

    /// <summary>Round 2 on the cold poll's store, unchanged and with a tenth new: into the details' `repoll` (see <see cref="RepollRound"/>).</summary>
    private async Task RepollAsync(string dll, string config, string data, OutletServer server, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var repoll = await new RepollRound(dll, config, data, options.ChildEnvironment, Log, options.KeepTemp).RunAsync(server, ct);
        repoll["harness_s"] = LoadReport.Round(Stopwatch.GetElapsedTime(started).TotalSeconds);
        _report.Details["repoll"] = repoll;
    }

    /// <summary>Start-up to a healthy /healthz on a store pre-filled to options.PrefillArticles articles.</summary>
    private async Task StartupAsync(string dll, string config, string data, OutletServer server, SyntheticContent content, CancellationToken ct)
    {
        Log($"start-up: pre-filling a store with {options.PrefillArticles:N0} articles");
        var loaded = ConfigLoader.Load(config);
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException("load: the generated feeds.json is invalid: " + string.Join("; ", loaded.Problems));
        }
        var snapshot = ConfigSnapshot.From(loaded.Config!, config);
        var fill = await StorePrefill.FillAsync(data, snapshot, server.Outlets, options.PrefillArticles, content, ct);
        var dbBytes = new DirectoryInfo(data).GetFiles().Sum(f => f.Length);
        Log($"  filled in {fill.TotalSeconds:F1} s ({dbBytes / 1024 / 1024} MB)");

        var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var launched = Stopwatch.GetTimestamp();
        // This instance also answered the "what if" of the serve test: ASP.NET Core's per-request
        // Information logs filtered to Warning. `run` now filters them itself; the variable stays so
        // that older builds measured with this harness are compared on the same footing.
        using var child = AggregatorChild.Start(dll, "run", config, data, baseUrl, null,
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning" });
        await using var sampler = new RssSampler(child);
        var startup = await AggregatorChild.WaitHealthyAsync(baseUrl, child, launched, TimeSpan.FromMinutes(5), ct);
        _report.StartupS = startup;
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var started = Stopwatch.GetTimestamp();
        var feed = await client.GetByteArrayAsync(new Uri(baseUrl, "/feeds/all.atom"), ct);
        var firstFeedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        using (var health = await client.GetAsync(new Uri(baseUrl, "/healthz"), ct))
        {
            _report.Details["startup_healthz_ms_after"] = LoadReport.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        sampler.Sample(child);
        _report.Details["startup"] = new Dictionary<string, object?>
        {
            ["loadavg_1m_at_end"] = Machine.LoadAverage(),
            ["articles"] = options.PrefillArticles,
            ["prefill_s"] = LoadReport.Round(fill.TotalSeconds),
            ["database_mb"] = dbBytes / 1024 / 1024,
            ["healthy_s"] = LoadReport.Round(startup, 3),
            ["first_all_atom_ms"] = LoadReport.Round(firstFeedMs),
            ["first_all_atom_bytes"] = feed.Length,
            ["peak_rss_mb"] = LoadReport.Round(sampler.PeakMb),
        };
        Log($"  healthy after {startup:F2} s; first /feeds/all.atom {firstFeedMs:F0} ms; RSS peak {sampler.PeakMb:F0} MB");
        Log("  the same instance has ASP.NET Core's request logs at Warning:");
        var (quiet, reference) = await CompareWithNginxAsync(new Uri(baseUrl, "/feeds/all.atom"), feed, Path.Combine(data, "..", "nginx-quiet"), ct);
        _report.Details["serve_with_aspnetcore_logs_at_warning"] = new Dictionary<string, object?>
        {
            ["rps"] = LoadReport.Round(quiet.RequestsPerSecond, 0),
            ["p50_ms"] = quiet.P50Ms,
            ["p99_ms"] = quiet.P99Ms,
            ["nginx_rps"] = LoadReport.Round(reference.RequestsPerSecond, 0),
            ["nginx_p99_ms"] = reference.P99Ms,
            ["ratio_to_nginx"] = LoadReport.Round(quiet.RequestsPerSecond / reference.RequestsPerSecond, 3),
            ["bytes"] = feed.Length,
        };
        await child.StopAsync(TimeSpan.FromSeconds(20));
    }

    private void Log(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F1}s] {message}");

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
