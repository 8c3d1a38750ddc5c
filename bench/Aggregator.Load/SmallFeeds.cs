using System.Text;
using Aggregator.Bench.Shared;

namespace Aggregator.Load;

/// <summary>
/// The small-feed parse input: 80 distinct feeds of 50 full-text items (about 110 KB each), one in
/// five Atom, as the outlets a poll meets publish; each from its own outlet, so no two share text.
/// </summary>
internal static class SmallFeeds
{
    public const int Count = 80;

    public static IReadOnlyList<(byte[] Body, string ContentType)> Build(SyntheticContent content)
    {
        var feeds = new List<(byte[], string)>(Count);
        for (var i = 0; i < Count; i++)
        {
            var site = new Uri($"https://outlet{i}.example/");
            var items = SyntheticFeeds.Newest(content, site, 1000 + i, 5000, 50, 7).ToList();
            feeds.Add(i % 5 == 4
                ? (Encoding.UTF8.GetBytes(SyntheticFeeds.Atom($"Outlet {i}", site, items)), "application/atom+xml")
                : (Encoding.UTF8.GetBytes(SyntheticFeeds.Rss($"Outlet {i}", site, items)), "application/rss+xml"));
        }
        return feeds;
    }
}
