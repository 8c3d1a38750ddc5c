using System.Globalization;

namespace Aggregator.Model;

/// <summary>
/// A body whose markup holds more entries than the reader returned: <paramref name="Marked"/> item or entry start
/// tags, <paramref name="Read"/> entries read, <paramref name="OverLimit"/> of the rest left out on purpose (the
/// entry limit) and the others lost to markup the reader could not make out, for the reason given.
/// </summary>
public sealed record EntryLoss(int Read, int Marked, int OverLimit, string Reason)
{
    /// <summary>The label of entries left out by the entry limit, in aggregator_entries_dropped_total.</summary>
    public const string OverLimitReason = "over-limit";

    /// <summary>The label of entries whose markup the reader could not make out.</summary>
    public const string UnreadableReason = "unreadable";

    public int Unreadable => Math.Max(0, Marked - Read - OverLimit);

    /// <summary>The one line shown in status, /healthz and the log.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture, $"parse: {Read} of ~{Marked} entries read ({Reason})");
}
