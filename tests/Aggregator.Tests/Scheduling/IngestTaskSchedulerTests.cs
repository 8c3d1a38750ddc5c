using System.Globalization;
using Aggregator.Scheduling;

namespace Aggregator.Tests.Scheduling;

/// <summary>Issue 23: a round's ingest runs on threads of its own, awaits included, never on the pool where requests run.</summary>
public sealed class IngestTaskSchedulerTests
{
    [Fact]
    public async Task RunAsync_WorkAndWhatItAwaits_RunOnIngestThreadsNotThePool()
    {
        using var scheduler = new IngestTaskScheduler(2);

        var seen = await scheduler.RunAsync(async () =>
        {
            var first = (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
            // A timer thread completes the delay: the rest must still come back to an ingest thread.
            await Task.Delay(1);
            var afterTimer = (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
            await Task.Yield();
            return (first, afterTimer, (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread), TaskScheduler.Current);
        }, CancellationToken.None);

        foreach (var (name, onPool) in new[] { seen.first, seen.afterTimer, seen.Item3 })
        {
            Assert.StartsWith("ingest ", name, StringComparison.Ordinal);
            Assert.False(onPool);
        }
        Assert.Same(scheduler, seen.Item4);
    }

    [Fact]
    public async Task RunAsync_IngestThreadsAllBusy_PoolWorkStillRuns()
    {
        using var scheduler = new IngestTaskScheduler(2);
        using var release = new ManualResetEventSlim();
        var busy = Enumerable.Range(0, 2).Select(_ => scheduler.RunAsync(() => { release.Wait(); return Task.CompletedTask; }, CancellationToken.None)).ToArray();

        // What a request would do: it does not wait for a poll to give up its thread.
        Assert.Equal(7, await Task.Run(() => 7));

        release.Set();
        await Task.WhenAll(busy);
    }

    [Fact]
    public async Task RunAsync_AfterDispose_StillRunsTheWork()
    {
        var scheduler = new IngestTaskScheduler(1);
        scheduler.Dispose();

        // A poll finishing during shutdown must end, not hang Quartz's wait for its jobs.
        Assert.Equal(42, await scheduler.RunAsync(() => Task.FromResult(42), CancellationToken.None));
    }

    /// <summary>What the kernel says of the calling thread: its policy (SCHED_OTHER 0, SCHED_BATCH 3, SCHED_IDLE 5) and nice value.</summary>
    private static (int Policy, int Nice) ThreadSchedulingFromProc() => SchedulingFromProc("/proc/thread-self/stat");

    /// <summary>The worker's own: its main thread's, which no ingest thread created (/proc/self/stat is the main thread's).</summary>
    private static (int Policy, int Nice) ProcessSchedulingFromProc() => SchedulingFromProc("/proc/self/stat");

    private static (int Policy, int Nice) SchedulingFromProc(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        // After "pid (comm) ": field 3 (state) first, so field N is at N - 3; comm may hold spaces, hence the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[41 - 3], CultureInfo.InvariantCulture), int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("batch", 3, 0)]
    [InlineData("batch+3", 3, 3)]
    [InlineData("normal+5", 0, 5)]
    [InlineData("idle", 5, 0)]
    public async Task Threads_RunAtTheConfiguredPriority_AsTheKernelReportsIt(string setting, int policy, int niceAdded)
    {
        // The calling thread may itself be a pool thread that an ingest thread of an earlier test started, and so
        // run at that test's priority (Linux gives a new thread its creator's): what is expected comes from the
        // worker's main thread, and the caller is only checked to be left as it was.
        var worker = ProcessSchedulingFromProc();
        var caller = ThreadSchedulingFromProc();
        using var scheduler = new IngestTaskScheduler(1, IngestPriority.TryParse(setting, out var problem) ?? throw new InvalidOperationException(problem));
        Assert.Equal(caller, ThreadSchedulingFromProc());

        var (seenPolicy, seenNice) = await scheduler.RunAsync(async () =>
        {
            var first = ThreadSchedulingFromProc();
            await Task.Yield();
            Assert.Equal(first, ThreadSchedulingFromProc());
            return first;
        }, CancellationToken.None);

        Assert.Equal(policy, seenPolicy);
        var wanted = Math.Min(19, worker.Nice + niceAdded);
        // Unprivileged, a nice value inherited above the one wanted cannot be lowered, and the thread keeps it.
        Assert.Equal(caller.Nice > wanted && Environment.UserName != "root" ? caller.Nice : wanted, seenNice);
        // Only the ingest threads: the worker's own priority is left as it was.
        Assert.Equal(worker, ProcessSchedulingFromProc());
    }

    [Fact]
    public async Task Threads_WithoutAPriority_KeepTheWorkersOwn()
    {
        var caller = ThreadSchedulingFromProc();
        using var scheduler = new IngestTaskScheduler(1);

        Assert.Equal(caller, await scheduler.RunAsync(() => Task.FromResult(ThreadSchedulingFromProc()), CancellationToken.None));
    }

    [Theory]
    [InlineData("batch", IngestPolicy.Batch, 0)]
    [InlineData(" Normal+7 ", IngestPolicy.Normal, 7)]
    [InlineData("batch+19", IngestPolicy.Batch, 19)]
    [InlineData("idle", IngestPolicy.Idle, 0)]
    public void Priority_Parses(string text, IngestPolicy policy, int nice)
    {
        Assert.Equal(new IngestPriority(policy, nice), IngestPriority.TryParse(text, out var problem));
        Assert.Equal("", problem);
    }

    [Theory]
    [InlineData("fast", "not normal, batch or idle")]
    [InlineData("batch+20", "from 0 to 19")]
    [InlineData("normal+-1", "from 0 to 19")]
    [InlineData("normal+", "from 0 to 19")]
    [InlineData("idle+2", "idle takes no nice value")]
    public void Priority_Refused_WithTheReason(string text, string reason)
    {
        Assert.Null(IngestPriority.TryParse(text, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", problem, StringComparison.Ordinal);
    }

    /// <summary>Work items that each signal their start and then wait to be let go: what computes on an ingest thread.</summary>
    private sealed class Blockers(IngestTaskScheduler scheduler, int count) : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private int _now;
        private int _most;

        public CountdownEvent Started { get; } = new(count);

        public Task[] Tasks { get; } = new Task[count];

        public int Most => Volatile.Read(ref _most);

        public Blockers Start()
        {
            for (var i = 0; i < Tasks.Length; i++)
            {
                Tasks[i] = scheduler.RunAsync(() =>
                {
                    var now = Interlocked.Increment(ref _now);
                    InterlockedMax(ref _most, now);
                    Started.Signal();
                    _release.Wait();
                    Interlocked.Decrement(ref _now);
                    return Task.CompletedTask;
                }, CancellationToken.None);
            }
            return this;
        }

        public void Release() => _release.Set();

        private static void InterlockedMax(ref int most, int value)
        {
            var seen = Volatile.Read(ref most);
            while (value > seen && Interlocked.CompareExchange(ref most, value, seen) is var was && was != seen)
            {
                seen = was;
            }
        }

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            Started.Dispose();
        }
    }

    // Generous: only a broken scheduler waits this long, and then the assertion after it says what went wrong.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WhileAReaderIsInFlight_AtMostTheLimitRunsAtOnce_AndTheRestWaitsForIt()
    {
        using var scheduler = new IngestTaskScheduler(4, whileServing: 1);
        scheduler.ReaderStarted();
        using var blockers = new Blockers(scheduler, 4).Start();

        // One starts; the others are queued work an idle thread would take, and the limit holds them.
        Assert.True(SpinWait.SpinUntil(() => blockers.Started.CurrentCount == 3 && scheduler.Held > 0, Patience));
        Assert.Equal(1, scheduler.Running);
        Assert.Equal(3, blockers.Started.CurrentCount);

        // The last reader gone, every thread may run again: the three start while the first still holds its slot.
        scheduler.ReaderEnded();
        Assert.True(blockers.Started.Wait(Patience));
        Assert.Equal(4, blockers.Most);
        blockers.Release();
        await Task.WhenAll(blockers.Tasks);
        // A task completes inside its work item, just before the thread gives its slot back.
        Assert.True(SpinWait.SpinUntil(() => scheduler.Running == 0, Patience), $"{scheduler.Running} slots still taken");
    }

    [Fact]
    public async Task WhileReadersAreInFlight_HeldWorkRunsOneAtATime_AndNothingIsLost()
    {
        using var scheduler = new IngestTaskScheduler(4, whileServing: 1);
        scheduler.ReaderStarted();
        var now = 0;
        var most = 0;
        var done = 0;
        var work = Enumerable.Range(0, 200).Select(_ => scheduler.RunAsync(async () =>
        {
            // Two slices of computing with an await between: the slot is given up at the await and taken again after.
            for (var slice = 0; slice < 2; slice++)
            {
                var running = Interlocked.Increment(ref now);
                lock (scheduler)
                {
                    most = Math.Max(most, running);
                }
                Thread.SpinWait(1_000);
                Interlocked.Decrement(ref now);
                await Task.Yield();
            }
            Interlocked.Increment(ref done);
        }, CancellationToken.None)).ToArray();

        await Task.WhenAll(work);
        scheduler.ReaderEnded();

        Assert.Equal(200, done);
        Assert.Equal(1, most);
    }

    [Fact]
    public void ReadersNested_TheLimitHoldsUntilTheLastEnds()
    {
        using var scheduler = new IngestTaskScheduler(3, whileServing: 1);
        scheduler.ReaderStarted();
        scheduler.ReaderStarted();
        using var blockers = new Blockers(scheduler, 3).Start();
        Assert.True(SpinWait.SpinUntil(() => blockers.Started.CurrentCount == 2 && scheduler.Held > 0, Patience));

        scheduler.ReaderEnded();
        Assert.Equal(1, scheduler.ReadersInFlight);
        // Still one reader: a queued item is still refused a thread (the held count is re-read after any wake-up).
        Assert.True(SpinWait.SpinUntil(() => scheduler.Held > 0, Patience));
        Assert.Equal(1, scheduler.Running);

        scheduler.ReaderEnded();
        Assert.True(blockers.Started.Wait(Patience));
        Assert.Equal(3, blockers.Most);
    }

    [Fact]
    public async Task WithoutReaders_EveryThreadRuns()
    {
        using var scheduler = new IngestTaskScheduler(3, whileServing: 1);
        using var blockers = new Blockers(scheduler, 3).Start();

        Assert.True(blockers.Started.Wait(Patience));
        Assert.Equal(3, blockers.Most);
        blockers.Release();
        await Task.WhenAll(blockers.Tasks);
    }

    [Fact]
    public async Task LimitOff_ReadersHoldNothingBack()
    {
        using var scheduler = new IngestTaskScheduler(3, whileServing: IngestWhileServing.Off);
        scheduler.ReaderStarted();
        using var blockers = new Blockers(scheduler, 3).Start();

        Assert.True(blockers.Started.Wait(Patience));
        Assert.Equal(3, blockers.Most);
        blockers.Release();
        await Task.WhenAll(blockers.Tasks);
        scheduler.ReaderEnded();
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 3 ", 3)]
    [InlineData("off", IngestWhileServing.Off)]
    [InlineData("OFF", IngestWhileServing.Off)]
    public void WhileServing_Parses(string text, int expected)
    {
        Assert.Equal(expected, IngestWhileServing.TryParse(text, out var problem));
        Assert.Equal("", problem);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("half")]
    [InlineData("1.5")]
    public void WhileServing_Refused_NamingTheValue(string text)
    {
        Assert.Null(IngestWhileServing.TryParse(text, out var problem));
        Assert.Contains($"'{text}'", problem, StringComparison.Ordinal);
        Assert.Contains("neither off nor a whole number", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WhileServing_IsOffUnlessSet_AndItsSuggestionLeavesACore()
    {
        Assert.Equal(IngestWhileServing.Off, IngestWhileServing.Default);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), IngestWhileServing.CoresLessOne);
    }
}
