using Aggregator.Model;
using Aggregator.Parse;

namespace Aggregator.Tests.Normalize;

/// <summary>The texts of a corpus feed that reach the normalizer (feed title, entries' titles, summaries and contents), for the differential tests; a feed the parser refuses gives none.</summary>
internal static class CorpusFeedFields
{
    private static readonly Uri Base = new("https://example.org/news/");

    public static IEnumerable<string?> Of(byte[] bytes)
    {
        ParsedFeed? feed;
        try
        {
            feed = FeedParser.Parse(bytes, Base).Feed;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or System.Xml.XmlException)
        {
            yield break;
        }

        if (feed is null)
        {
            yield break;
        }

        yield return feed.Title;
        foreach (var entry in feed.Entries)
        {
            yield return entry.Title;
            yield return entry.Summary;
            yield return entry.Content;
        }
    }
}
