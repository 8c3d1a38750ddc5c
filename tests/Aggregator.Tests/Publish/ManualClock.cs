namespace Aggregator.Tests.Publish;

/// <summary>
/// A clock that moves only when told: a timer due within an interval fires at <see cref="Advance"/>, on the caller's
/// thread, so "before the interval is up" and "after it" are states a test sets, not moments it waits for.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private long _elapsedTicks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return start + TimeSpan.FromTicks(_elapsedTicks);
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _elapsedTicks;
        }
    }

    /// <summary>Timers still waiting to fire.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // One-shot timers are all the feed cache asks for; a periodic one would need re-arming here.
        Assert.Equal(Timeout.InfiniteTimeSpan, period);
        lock (_gate)
        {
            var timer = new Timer(this, callback, state, _elapsedTicks + dueTime.Ticks);
            _timers.Add(timer);
            return timer;
        }
    }

    /// <summary>Moves the clock on and fires, on this thread, every timer due by then.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _elapsedTicks += by.Ticks;
            due = _timers.Where(t => t.DueAt <= _elapsedTicks).ToList();
            _timers.RemoveAll(due.Contains);
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Remove(Timer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state, long dueAt) : ITimer
    {
        public long DueAt { get; } = dueAt;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("not used by the code under test");

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
