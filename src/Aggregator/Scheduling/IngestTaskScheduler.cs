using System.Collections.Concurrent;

namespace Aggregator.Scheduling;

/// <summary>
/// Runs the polls (fetch continuations, parsing, normalizing, dedup, the store's writes) on threads of their own
/// whose OS priority is below the request path's (issue 23). On the shared thread pool a round's ingest took
/// 1.6 of the 2 cores and a reader's request waited its turn behind parses; at a lower nice value the kernel
/// runs a request's thread as soon as it wakes and gives the ingest what the readers leave.
/// </summary>
/// <remarks>
/// Work started here keeps running here: an await inside it resumes on <see cref="TaskScheduler.Current"/>,
/// which is this scheduler (the code it runs never uses <c>ConfigureAwait(false)</c>). Library code that does
/// (sockets, SQLite) resumes on the thread pool only until it hands back to ours. Off Linux the threads keep
/// their priority and this is only a dedicated pool.
/// </remarks>
public sealed class IngestTaskScheduler : TaskScheduler, IDisposable
{
    /// <summary>
    /// Nice steps below the request path. At +10 the kernel weighs an ingest thread at about a tenth of a
    /// request's thread, so a busy round still gets every cycle the readers do not use.
    /// </summary>
    public const int NiceSteps = 10;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly int _threads;

    [ThreadStatic]
    private static IngestTaskScheduler? t_owner;

    /// <param name="threads">
    /// More than the cores: a poll holds its thread through the store's synchronous SQLite calls, and the others should parse meanwhile.
    /// </param>
    public IngestTaskScheduler(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = threads;
        for (var i = 0; i < threads; i++)
        {
            new Thread(Work) { IsBackground = true, Name = "ingest " + i }.Start();
        }
    }

    /// <summary>Sized for this machine: two threads per core, at least four.</summary>
    public IngestTaskScheduler() : this(Math.Max(4, 2 * Environment.ProcessorCount))
    {
    }

    /// <summary>Whether the threads run below the request path (false off Linux, or where the OS refused).</summary>
    public bool Lowered { get; private set; }

    public override int MaximumConcurrencyLevel => _threads;

    /// <summary>Runs <paramref name="work"/> and everything it awaits on the ingest threads.</summary>
    public Task RunAsync(Func<Task> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <inheritdoc cref="RunAsync(Func{Task}, CancellationToken)"/>
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    private void Work()
    {
        t_owner = this;
        if (ThreadNice.LowerCurrentThread(NiceSteps))
        {
            Lowered = true;
        }
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task)
    {
        try
        {
            _queue.Add(task);
        }
        catch (InvalidOperationException)
        {
            // Disposed at shutdown with a poll still finishing: let it finish on the pool rather than never.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler.TryExecuteTask(state.Task), (Scheduler: this, Task: task), preferLocal: false);
        }
    }

    // Inline only on our own threads: a request's thread that completes a task must not run the ingest's continuation at its priority.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        t_owner == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    public void Dispose()
    {
        // The threads end once the queue is drained; they are background threads, so none holds the process open.
        _queue.CompleteAdding();
    }
}
