using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>
/// When a page that could not be read is tried again: three tries spread over about seven hours (a page
/// published after its feed entry, a host down for the morning), then given up on, with the reason kept.
/// </summary>
public static class PageRetry
{
    public const int MaxAttempts = 3;

    /// <summary>The waits after the first and second failed tries.</summary>
    public static IReadOnlyList<TimeSpan> Delays { get; } = [TimeSpan.FromHours(1), TimeSpan.FromHours(6)];

    public static BacklogState After(int attemptsBefore, PageResult failure, DateTimeOffset now)
    {
        if (failure.RetryAfter is { } later && !failure.Final)
        {
            // A 429, a 503 or a host already asked to wait: the page was never tried, so no try is spent.
            return new BacklogState { Attempts = attemptsBefore, NextAttempt = later > now ? later : now + Delays[0], LastError = failure.Error };
        }
        var attempts = attemptsBefore + 1;
        return failure.Final || attempts >= MaxAttempts
            ? new BacklogState { Attempts = attempts, NextAttempt = now, LastError = failure.Error, GivenUpReason = failure.Reason, GivenUpAt = now }
            : new BacklogState { Attempts = attempts, NextAttempt = now + Delays[attempts - 1], LastError = failure.Error };
    }
}
