namespace Aggregator.Publish;

/// <summary>
/// The ids readers use to recognise items they have already shown. They derive only from stored ids,
/// never from titles, links or positions, so an article keeps its id forever.
/// </summary>
public static class FeedIds
{
    public static string Topic(string topicId) => "urn:aggregator:topic:" + Escape(topicId);

    public static string Article(string articleId) => "urn:aggregator:article:" + Escape(articleId);

    public static string Outlet(string outletId) => "urn:aggregator:outlet:" + Escape(outletId);

    // Stored ids are URN-safe already; escaping only guards the URI syntax should one ever not be,
    // and it is deterministic, so the id is still stable.
    private static string Escape(string id) => Uri.EscapeDataString(XmlSafe.Clean(id));
}
