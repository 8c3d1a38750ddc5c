namespace Aggregator.Publish;

/// <summary>The output formats of a topic feed, with their file extension and media type.</summary>
public sealed record FeedFormatKind(string Extension, string MediaType, Func<Model.TopicFeed, byte[]> Write)
{
    public static readonly FeedFormatKind Atom = new("atom", "application/atom+xml; charset=utf-8", Publish.Atom.AtomFeedWriter.Write);
    public static readonly FeedFormatKind Rss = new("rss", "application/rss+xml; charset=utf-8", Publish.Rss.RssFeedWriter.Write);
    public static readonly FeedFormatKind Json = new("json", "application/feed+json; charset=utf-8", Publish.JsonFeed.JsonFeedWriter.Write);

    public static IReadOnlyList<FeedFormatKind> All { get; } = [Atom, Rss, Json];
}
