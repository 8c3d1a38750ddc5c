using System.Globalization;
using Aggregator.Normalize;

namespace Aggregator.Pipeline;

/// <summary>
/// What one poll's normalization did not store as the feed gave it: entries with nothing in them (not stored at all)
/// and fields of stored entries cut, hashed, over a list's limit or dropped as not web links. Counted in /metrics and
/// logged by the refresher, and shown as the poll's notice (`status`, /healthz), so nothing of it goes unsaid.
/// </summary>
public sealed class NormalizeDrops
{
    /// <summary>How many notes the notice quotes: it is one line of `status`.</summary>
    private const int Quoted = 3;

    public int Empty { get; set; }

    public List<FieldNote> Fields { get; } = [];

    /// <summary>Each field and reason with its count, as aggregator_entry_fields_dropped_total labels them.</summary>
    public IEnumerable<(string Field, string Reason, int Count)> FieldCounts =>
        Fields.GroupBy(f => (f.Field, f.Reason)).Select(g => (g.Key.Field, g.Key.Reason, g.Count()));

    /// <summary>The one line for the poll's notice; null when nothing was dropped.</summary>
    public string? Notice
    {
        get
        {
            var parts = new List<string>(2);
            if (Empty > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Empty} empty {(Empty == 1 ? "entry" : "entries")} not stored [reason: empty]"));
            }
            if (Fields.Count > 0)
            {
                var reasons = string.Join(", ", Fields.Select(f => f.Reason).Distinct(StringComparer.Ordinal));
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Fields.Count} {(Fields.Count == 1 ? "field" : "fields")} not kept as given: {string.Join(", ", Fields.Take(Quoted))}"
                    + $"{(Fields.Count > Quoted ? ", ..." : "")} [reason: {reasons}]"));
            }
            return parts.Count == 0 ? null : "normalize: " + string.Join("; ", parts);
        }
    }
}
