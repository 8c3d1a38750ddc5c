namespace Aggregator.Fetch;

/// <summary>
/// Keeps the starts of requests sharing a key (a rate group, an origin with a Crawl-delay) at
/// least a given time apart. A request may wait on several keys at once; it starts only when all
/// of them allow, and its start is recorded for all of them together, so every spacing holds
/// between actual starts whatever order the waiters wake in.
/// </summary>
internal sealed class StartSpacer(TimeProvider timeProvider)
{
    private const int PruneAbove = 1024;
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, DateTimeOffset> lastStarts = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Returns once every key allows a start, with the moment the start was granted and recorded.</summary>
    internal async Task<DateTimeOffset> WaitTurnAsync(IReadOnlyList<(string Key, TimeSpan Spacing)> spacings, CancellationToken ct)
    {
        if (spacings.Count == 0)
        {
            return timeProvider.GetUtcNow();
        }

        while (true)
        {
            var wait = TimeSpan.Zero;
            lock (gate)
            {
                var now = timeProvider.GetUtcNow();
                foreach (var (key, spacing) in spacings)
                {
                    if (lastStarts.TryGetValue(key, out var last) && last + spacing - now is var left && left > wait)
                    {
                        wait = left;
                    }
                }

                if (wait <= TimeSpan.Zero)
                {
                    Prune(now);
                    foreach (var (key, _) in spacings)
                    {
                        lastStarts[key] = now;
                    }

                    return now;
                }
            }

            await Task.Delay(wait, timeProvider, ct);
        }
    }

    /// <summary>Article hosts come and go; forget starts too old to delay anyone.</summary>
    private void Prune(DateTimeOffset now)
    {
        if (lastStarts.Count < PruneAbove)
        {
            return;
        }

        foreach (var (key, last) in lastStarts.ToArray())
        {
            if (now - last > ForgetAfter)
            {
                lastStarts.Remove(key);
            }
        }
    }
}
