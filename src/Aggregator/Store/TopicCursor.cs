using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Aggregator.Store;

/// <summary>
/// A position in a topic feed's order (sort time, then arrival), opaque to readers: what
/// `?before=` and `?after=` carry. Stable under inserts, unlike an offset.
/// </summary>
public readonly record struct TopicCursor(long SortTime, long Seq)
{
    private const int MaxLength = 64;

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{SortTime}.{Seq}")));

    /// <summary>False for anything a reader could send that we did not make, so it becomes a 400, never an exception.</summary>
    public static bool TryParse(string? text, out TopicCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }
        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sortTime)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }
        cursor = new TopicCursor(sortTime, seq);
        return true;
    }
}
