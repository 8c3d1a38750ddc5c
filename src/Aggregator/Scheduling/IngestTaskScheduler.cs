using Microsoft.Extensions.Logging;

namespace Aggregator.Scheduling;

/// <summary>
/// Runs the polls (fetch continuations, parsing, normalizing, dedup, the store's writes) on threads of their own,
/// so a reader's request never queues behind a round's work items on the shared thread pool (issue 23). Quiet-machine
/// runs, p99 of `/feeds/all.atom` during round 1: 51.5 and 51.3 ms with polls on the pool, 31.6, 44.4 and 28.5 ms on
/// these threads. Their policy and nice value are <see cref="IngestPriority"/>'s: by default 10 nice steps below the
/// readers where the process may undo that for a reader's thread (bench/README.md has the figures behind it). While a
/// request is in flight, at most <c>whileServing</c> work items run at once (none unless set,
/// <see cref="IngestWhileServing"/>), so a reader always finds a core the round does not hold.
/// </summary>
/// <remarks>
/// Work started here keeps running here: an await inside it resumes on <see cref="TaskScheduler.Current"/>,
/// which is this scheduler (the code it runs never uses <c>ConfigureAwait(false)</c>). Library code that does
/// (sockets, SQLite) resumes on the thread pool only until it hands back to ours.
/// </remarks>
public sealed partial class IngestTaskScheduler : TaskScheduler, IDisposable
{
    // A plain queue under a monitor, not a BlockingCollection: its semaphore spins (sched_yield) before it sleeps, and
    // with a thread per half core idling between polls, that spinning was 0.5-1% of round 1's CPU samples (issue 23).
    private readonly Queue<Task> _queue = new();
    private readonly int _threads;
    private readonly int _whileServing;
    private int _running;
    private int _held;
    private int _readers;
    private readonly IngestPriority? _priority;
    private readonly ILogger? _logger;
    private int _priorityFailed;
    private bool _completed;

    [ThreadStatic]
    private static IngestTaskScheduler? t_owner;

    /// <param name="threads">
    /// More than the cores: a poll holds its thread through the store's synchronous SQLite calls, and the others should parse meanwhile.
    /// </param>
    /// <param name="priority">The threads' scheduling policy and nice value; null leaves them the worker's.</param>
    /// <param name="logger">Where a priority the system refuses is reported (once); the threads then run at the worker's.</param>
    /// <param name="whileServing">
    /// Work items at once while <see cref="ReaderStarted"/> has been called more often than <see cref="ReaderEnded"/>;
    /// <see cref="IngestWhileServing.Off"/>: as many as there are threads.
    /// </param>
    public IngestTaskScheduler(int threads, IngestPriority? priority = null, ILogger<IngestTaskScheduler>? logger = null, int whileServing = IngestWhileServing.Off)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(whileServing);
        _threads = threads;
        _whileServing = whileServing == IngestWhileServing.Off ? threads : Math.Min(whileServing, threads);
        _priority = priority;
        _logger = logger;
        // Only an unset setting yields this very instance (a parsed "normal" is a new one): the default probed that
        // this process could not put a raised nice value back, so polls do not yield to readers.
        if (ReferenceEquals(priority, IngestPriority.WorkerOwn) && OperatingSystem.IsLinux() && logger is not null)
        {
            LogCannotYield(logger, IngestPriority.EnvironmentVariable);
        }
        for (var i = 0; i < threads; i++)
        {
            var name = "ingest " + i;
            new Thread(() => Work(name)) { IsBackground = true }.Start();
        }
    }

    /// <summary>Two threads per core, at least four.</summary>
    public static int ThreadsForThisMachine => Math.Max(4, 2 * Environment.ProcessorCount);

    public override int MaximumConcurrencyLevel => _threads;

    /// <summary>Runs <paramref name="work"/> and everything it awaits on the ingest threads.</summary>
    public Task RunAsync(Func<Task> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <inheritdoc cref="RunAsync(Func{Task}, CancellationToken)"/>
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    private void Work(string name)
    {
        t_owner = this;
        if (_priority is not null && ThreadScheduling.ApplyToCurrentThread(_priority) is { } problem
            && Interlocked.Exchange(ref _priorityFailed, 1) == 0 && _logger is not null)
        {
            LogPriorityRefused(_logger, _priority.ToString(), problem);
        }
        // Named once its priority is set, so whoever lists the worker's threads (ps, /proc) never sees an "ingest"
        // thread at the worker's priority.
        Thread.CurrentThread.Name = name;
        while (Next() is { } task)
        {
            TryExecuteTask(task);
            lock (_queue)
            {
                _running--;
                // Threads held back by the readers' limit look again: the slot this one leaves, or more if the
                // readers have gone meanwhile.
                if (_held > 0)
                {
                    Monitor.PulseAll(_queue);
                }
            }
        }
    }

    /// <summary>
    /// The next queued task once a slot is free, waiting without spinning; null once disposed and drained. A slot is
    /// taken at a work item's start and held to its end (to its next await), so the limit bounds what computes at
    /// once, not what is in progress: a poll awaiting its fetch or the store's writer holds none.
    /// </summary>
    private Task? Next()
    {
        lock (_queue)
        {
            while (_queue.Count == 0 || _running >= Limit)
            {
                if (_queue.Count == 0 && _completed)
                {
                    return null;
                }
                var held = _queue.Count > 0;
                _held += held ? 1 : 0;
                Monitor.Wait(_queue);
                _held -= held ? 1 : 0;
            }
            _running++;
            return _queue.Dequeue();
        }
    }

    private int Limit => Volatile.Read(ref _readers) > 0 ? _whileServing : _threads;

    /// <summary>Requests being served now (the serving path counts them); while above zero ingest runs at most its limit while serving.</summary>
    public int ReadersInFlight => Volatile.Read(ref _readers);

    /// <summary>Work items running now on the ingest threads.</summary>
    internal int Running
    {
        get
        {
            lock (_queue)
            {
                return _running;
            }
        }
    }

    /// <summary>Ingest threads that would take queued work but for the readers' limit.</summary>
    internal int Held
    {
        get
        {
            lock (_queue)
            {
                return _held;
            }
        }
    }

    /// <summary>A request began: from now until its <see cref="ReaderEnded"/>, ingest starts no work item past its limit while serving.</summary>
    public void ReaderStarted() => Interlocked.Increment(ref _readers);

    /// <summary>A request ended; the last one in flight lets held threads take queued work again.</summary>
    public void ReaderEnded()
    {
        // Locked only when a thread is held, so a request on an idle round costs two interlocked operations. A thread
        // about to be held that this misses waits at most until a running work item ends: one is running, or it
        // would not be held.
        if (Interlocked.Decrement(ref _readers) == 0 && Volatile.Read(ref _held) > 0)
        {
            lock (_queue)
            {
                Monitor.PulseAll(_queue);
            }
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_queue)
        {
            if (!_completed)
            {
                _queue.Enqueue(task);
                Monitor.Pulse(_queue);
                return;
            }
        }
        // Disposed at shutdown with a poll still finishing: let it finish on the pool rather than never.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler.TryExecuteTask(state.Task), (Scheduler: this, Task: task), preferLocal: false);
    }

    // Inline only on our own threads: a request's thread that completes a task must not run the ingest's continuation.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        t_owner == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue)
        {
            return _queue.ToArray();
        }
    }

    public void Dispose()
    {
        // The threads end once the queue is drained; they are background threads, so none holds the process open.
        lock (_queue)
        {
            _completed = true;
            Monitor.PulseAll(_queue);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Polls run at the worker's priority, not below the readers': this process may not lower a thread's nice value back (that needs RLIMIT_NICE 20: systemd LimitNICE=+0, docker run --ulimit nice=20; or CAP_SYS_NICE); set {Variable}=normal to choose this without the note")]
    private static partial void LogCannotYield(ILogger logger, string variable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingest threads: priority {Priority} refused ({Problem}); they run at the worker's own, and readers may wait behind a round")]
    private static partial void LogPriorityRefused(ILogger logger, string priority, string problem);
}
