namespace Aggregator.Parse.Rss;

/// <summary>What an item needs from its feed: the fetch URL and the channel's own link.</summary>
public sealed record RssItemContext(Uri FetchUri, Uri? ChannelLink);
