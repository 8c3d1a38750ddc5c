using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Tests.Publish;

/// <summary>
/// The framework's fake clock (a timer due within an interval fires at <see cref="FakeTimeProvider.Advance"/>, on the
/// caller's thread), counting the one-shot timers still armed, so a test can say how many renderings are waiting.
/// </summary>
internal sealed class ArmedTimersClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _armed;

    /// <summary>One-shot timers created and neither fired nor disposed.</summary>
    public int Pending => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // One-shot timers are all the feed cache asks for; a periodic one would fire more than once per arming.
        Assert.Equal(Timeout.InfiniteTimeSpan, period);
        var armed = new Armed(this);
        armed.Inner = base.CreateTimer(s => { if (armed.Disarm()) { callback(s); } }, state, dueTime, period);
        return armed;
    }

    private sealed class Armed : ITimer
    {
        private readonly ArmedTimersClock _clock;
        private int _done;

        public Armed(ArmedTimersClock clock)
        {
            _clock = clock;
            Interlocked.Increment(ref clock._armed);
        }

        public ITimer Inner { get; set; } = null!;

        /// <summary>True the first time only: the timer leaves the count when it fires or is disposed.</summary>
        public bool Disarm()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0)
            {
                return false;
            }
            Interlocked.Decrement(ref _clock._armed);
            return true;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("not used by the code under test");

        public void Dispose()
        {
            Disarm();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
