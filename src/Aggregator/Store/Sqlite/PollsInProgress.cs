namespace Aggregator.Store.Sqlite;

/// <summary>
/// Polls begun and not yet finished, as the pipeline announces them (<see cref="SqliteStore.BeginPoll"/>), and a pulse
/// at every change: how the writer tells a bulk round, where more polls are on their way to it, from a lone poll.
/// </summary>
internal sealed class PollsInProgress
{
    private int _count;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes at the next change; taken before looking at the queue, so a change in between is not missed.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _count);
        return new Scope(this);
    }

    /// <summary>A poll queued for the writer, or one ended.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private sealed class Scope(PollsInProgress owner) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Decrement(ref owner._count);
                owner.Pulse();
            }
        }
    }
}
