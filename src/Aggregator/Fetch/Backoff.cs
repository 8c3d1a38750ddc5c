using System.Net.Http.Headers;

namespace Aggregator.Fetch;

/// <summary>How long to leave a failing outlet alone, and what a host's Retry-After means.</summary>
/// <remarks>
/// Hand-written: Polly.Core's jitter is tied to its retry pipeline, and Microsoft.Extensions.Http.Resilience
/// (served here) retries within one request, while an outlet's backoff spans polls hours apart and is kept
/// in the store, so it survives restarts and is shared by clustered workers.
/// </remarks>
public static class Backoff
{
    /// <summary>However long an outlet has failed, it is tried again at least once a day.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromHours(24);

    /// <summary>
    /// Exponential backoff with full jitter above the interval: after n consecutive failures the
    /// delay is uniform in [interval, min(cap, interval·2ⁿ)]. Never shorter than the interval,
    /// because polling a failing outlet more often than a healthy one would be rude; an interval
    /// already longer than the cap is kept as is. The jitter spreads outlets that failed together
    /// (one host down) so they do not come back in one burst.
    /// </summary>
    public static TimeSpan NextDelay(int consecutiveFailures, TimeSpan interval, TimeSpan cap, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(random);
        if (consecutiveFailures <= 0 || interval >= cap)
        {
            return interval;
        }

        // 2^62 ticks overflow nothing once clamped to the cap, and no interval survives 62 doublings below it.
        var growth = Math.Pow(2, Math.Min(consecutiveFailures, 62));
        var ceilingTicks = Math.Min((double)cap.Ticks, interval.Ticks * growth);
        // Random is only spreading load here, not guarding a secret.
#pragma warning disable CA5394
        var jitter = random.NextDouble();
#pragma warning restore CA5394
        var ticks = interval.Ticks + (long)(jitter * (ceilingTicks - interval.Ticks));
        return TimeSpan.FromTicks(Math.Clamp(ticks, interval.Ticks, cap.Ticks));
    }

    /// <inheritdoc cref="NextDelay(int, TimeSpan, TimeSpan, Random)"/>
    public static TimeSpan NextDelay(int consecutiveFailures, TimeSpan interval, Random random) =>
        NextDelay(consecutiveFailures, interval, DefaultCap, random);

    /// <summary>
    /// Reads a Retry-After header: delay-seconds ("120") or an HTTP-date
    /// ("Wed, 21 Oct 2015 07:28:00 GMT"). Null when absent or unreadable; a negative delay is unreadable.
    /// </summary>
    public static DateTimeOffset? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value) || !RetryConditionHeaderValue.TryParse(value.Trim(), out var parsed))
        {
            return null;
        }

        return parsed.Delta is { } delta ? now + delta : parsed.Date;
    }
}
