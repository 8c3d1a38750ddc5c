using Aggregator.Model;

namespace Aggregator.Store;

/// <summary>Which page of a topic feed to read: the newest, or the one just older or newer than a cursor.</summary>
public sealed record TopicPageRequest(int Limit, TopicPosition? Before = null, TopicPosition? After = null);

/// <summary>A page of a topic feed with the cursors of its neighbours (null where there is none).</summary>
public sealed record TopicPage(IReadOnlyList<StoredTopicItem> Items, TopicPosition? Older, TopicPosition? Newer)
{
    /// <summary>
    /// The page from the rows a provider read (one more than the limit when a further page exists,
    /// in the order of reading: newest first, or oldest first when walking forward) and every
    /// stored copy of their clusters, arrival order.
    /// </summary>
    internal static TopicPage From(List<(Article Article, TopicPosition Cursor)> rows, TopicPageRequest request,
        ILookup<string, (long Seq, StoredCopy Copy)> copies)
    {
        var newerFirst = request.After is null;
        var more = rows.Count > request.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        if (!newerFirst)
        {
            rows.Reverse();
        }
        var items = rows
            .Select(s => new StoredTopicItem(s.Article, copies[s.Article.ClusterId]
                .Where(c => c.Seq != s.Cursor.Seq && c.Copy.OutletId != s.Article.OutletId)
                .Select(c => c.Copy)
                .ToList(), s.Cursor))
            .ToList();
        // Walking back (before, or the first page), "more" means older items; walking forward (after), newer ones.
        var hasOlder = newerFirst ? more : true;
        var hasNewer = newerFirst ? request.Before is not null : more;
        return new TopicPage(items,
            hasOlder && items.Count > 0 ? items[^1].Cursor : null,
            hasNewer && items.Count > 0 ? items[0].Cursor : null);
    }
}
