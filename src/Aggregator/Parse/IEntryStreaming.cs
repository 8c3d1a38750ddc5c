using Aggregator.Model;
using Aggregator.Parse.Xml;

namespace Aggregator.Parse;

/// <summary>
/// A format adapter's rule for mapping entries while the document is still being read (see <see cref="StreamedEntries"/>):
/// which closed elements its <c>Adapt</c> will certainly select, and the context it maps them with, taken from
/// what the document said before them.
/// </summary>
public interface IEntryStreaming
{
    /// <summary>The entry, mapped as the adapter would, or null when the element is not one the adapter certainly selects.</summary>
    FeedEntry? Map(FeedElement element);

    /// <summary>True when the context the entries were mapped with is the one the whole document gives.</summary>
    bool StillHolds(FeedElement root);
}
