using System.Globalization;

namespace Aggregator.Model;

/// <summary>
/// A body whose markup holds more entries than the reader returned: <paramref name="Marked"/> item or entry start
/// tags, <paramref name="Read"/> entries read, <paramref name="OverLimit"/> of the rest left out on purpose (the
/// entry limit), <see cref="CutOff"/> dropped because the body ended inside them, and the others lost to markup the
/// reader could not make out, for the reason given.
/// </summary>
public sealed record EntryLoss(int Read, int Marked, int OverLimit, string Reason)
{
    /// <summary>
    /// The label of entries the body ended inside (a connection closed early, a Content-Length shorter than the feed):
    /// the outlet's server or the network cut the body, which an operator looks into elsewhere than ill-formed markup.
    /// </summary>
    public const string CutOffReason = "cut-off";

    /// <summary>The label of entries left out by the entry limit, in aggregator_entries_dropped_total.</summary>
    public const string OverLimitReason = "over-limit";

    /// <summary>The label of entries whose markup the reader could not make out.</summary>
    public const string UnreadableReason = "unreadable";

    /// <summary>Every label of aggregator_entries_dropped_total, in the order <see cref="Dropped"/> gives them.</summary>
    public static IReadOnlyList<string> Reasons { get; } = [UnreadableReason, OverLimitReason, CutOffReason];

    /// <summary>Entries dropped because the body ended inside them.</summary>
    public int CutOff { get; init; }

    public int Unreadable => Math.Max(0, Marked - Read - OverLimit - CutOff);

    /// <summary>Every entry not read, by its label in aggregator_entries_dropped_total.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Dropped =>
        [new(UnreadableReason, Unreadable), new(OverLimitReason, OverLimit), new(CutOffReason, CutOff)];

    /// <summary>The one line shown in status, /healthz and the log.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture, $"parse: {Read} of ~{Marked} entries read ({Reason})");
}
