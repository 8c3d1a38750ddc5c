using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Aggregator.Store;

namespace Aggregator.Publish;

/// <summary>
/// A topic feed position as readers see it, opaque: what `?before=` and `?after=` carry and the
/// feed's paging links print. The store knows positions; only the HTTP surface knows this spelling.
/// </summary>
public static class TopicCursor
{
    private const int MaxLength = 64;

    public static string Encode(this TopicPosition position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.SortTime}.{position.Seq}")));

    /// <summary>False for anything a reader could send that we did not make, so it becomes a 400, never an exception.</summary>
    public static bool TryParse(string? text, out TopicPosition position)
    {
        position = default;
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
        position = new TopicPosition(sortTime, seq);
        return true;
    }
}
