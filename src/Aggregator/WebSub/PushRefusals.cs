using System.Collections.Concurrent;
using System.Globalization;
using Aggregator.Observability;
using Aggregator.Store;
using Microsoft.Extensions.Logging;

namespace Aggregator.WebSub;

/// <summary>
/// Pushes the callback refused (a wrong signature, over the size limit, no subscription of ours): each is counted in
/// /metrics by reason, but logged and written down for `explain` at most once a minute per outlet, with what the minute
/// held, so a hostile pusher can neither flood the log nor keep the store busy writing.
/// </summary>
public sealed partial class PushRefusals(AggregatorMetrics metrics, IAggregatorStore store, TimeProvider time, ILogger<PushRefusals> logger)
{
    public const string BadSignature = "bad_signature";
    public const string TooLarge = "too_large";
    public const string UnknownSubscription = "unknown_subscription";

    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(1);

    // Keyed by a configured outlet's id, or by Unconfigured for every id the catalog does not know (the pusher's text):
    // bounded by feeds.json.
    private const string Unconfigured = "";
    private readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);

    /// <param name="outletId">The configured outlet the push named, or null when the catalog knows no such outlet.</param>
    public async Task RefusedAsync(string? outletId, string reason, CancellationToken ct)
    {
        metrics.RecordWebSubPushRefused(reason);
        var tally = tallies.GetOrAdd(outletId ?? Unconfigured, _ => new Tally());
        var now = time.GetUtcNow();
        string? line;
        lock (tally)
        {
            line = tally.Add(reason, now);
        }
        if (line is null)
        {
            return;
        }
        LogRefused(outletId ?? "(an outlet not in feeds.json)", line);
        if (outletId is not null)
        {
            await store.SetSettingAsync(OutletNotes.Key(outletId, OutletNotes.PushesRefused), "websub: " + line, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSub: refused pushes for {OutletId}: {Refusals} (logged once a minute at most)")]
    private partial void LogRefused(string outletId, string refusals);

    /// <summary>One outlet's refusals, all of them by reason; a line is due when the quiet minute after the last one is over.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, long> total = new(StringComparer.Ordinal);
        private DateTimeOffset? first;
        private DateTimeOffset lastLine = DateTimeOffset.MinValue;

        /// <summary>Counts the refusal; the line to log when one is due, else null.</summary>
        public string? Add(string reason, DateTimeOffset now)
        {
            total[reason] = total.GetValueOrDefault(reason) + 1;
            first ??= now;
            if (now - lastLine < Quiet)
            {
                return null;
            }
            var refused = total.Values.Sum();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{refused} {(refused == 1 ? "push" : "pushes")} refused since {first.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} "
                + $"({string.Join(", ", total.Select(t => $"{t.Value} {t.Key}"))}), as of {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            lastLine = now;
            return line;
        }
    }
}
