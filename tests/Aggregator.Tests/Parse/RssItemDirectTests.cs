using System.Text;
using Aggregator.Bench.Shared;
using Aggregator.Parse;
using Aggregator.Parse.Rss;
using Aggregator.Parse.Xml;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The one-pass item mapping gives, for every item it takes, what the rule-by-rule adapter gives; it takes the
/// usual WordPress item and declines items with elements only the adapter reads.
/// </summary>
public class RssItemDirectTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    public void EveryItemTaken_MapsAsTheAdapterDoes_InTheCorporaAndTheHarnessFeeds()
    {
        var (taken, declined, differing) = (0, 0, new List<string>());
        var (documents, documentsAllTaken) = (0, 0);
        foreach (var (name, body) in Inputs())
        {
            if (FeedXmlReader.Read(Encoding.UTF8.GetString(body), FeedLimits.MaxEntries).Root is not { } root)
            {
                continue;
            }

            var channel = root.Child("channel", RssAdapter.IsCore) ?? root;
            var context = RssAdapter.ItemContext(channel, Base);
            var items = RssAdapter.ItemElements.In(root);
            var allTaken = items.Count > 0;
            foreach (var item in items)
            {
                var tree = CanonicalParseDump.Of(RssItemAdapter.FromTree(item, context));
                if (RssItemDirect.TryAdapt(item, context) is not { } direct)
                {
                    declined++;
                    allTaken = false;
                    continue;
                }

                taken++;
                if (CanonicalParseDump.Of(direct) != tree)
                {
                    differing.Add(name);
                }
            }

            documents += items.Count > 0 ? 1 : 0;
            documentsAllTaken += allTaken ? 1 : 0;
        }

        output.WriteLine($"items: {taken} taken, {declined} declined; documents with items: {documents}, every item taken in {documentsAllTaken}");
        Assert.True(differing.Count == 0, $"{differing.Count} items map otherwise (first in: {string.Join(", ", differing.Distinct().Take(10))})");
        Assert.True(taken > 500 && declined > 500, $"{taken} taken, {declined} declined: both roads should be exercised");
    }

    [Fact]
    public void WordPressItem_IsTaken_AndAnItemWithAMediaThumbnail_IsLeftToTheAdapter()
    {
        var feed = """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:media="http://search.yahoo.com/mrss/"><channel>
              <title>T</title><link>https://site.example/</link>
              <item><title>One</title><link>/one</link><dc:creator><![CDATA[Ann]]></dc:creator><pubDate>Mon, 01 Dec 2025 10:00:00 +0000</pubDate>
                <category><![CDATA[News]]></category><category>news</category><guid isPermaLink="false">https://site.example/?p=1</guid>
                <description><![CDATA[Short]]></description><content:encoded><![CDATA[<p><img src="/a.jpg"> Long</p>]]></content:encoded>
                <slash:comments>0</slash:comments></item>
              <item><title>Two</title><link>/two</link><media:thumbnail url="/thumb.jpg"/></item>
            </channel></rss>
            """;
        var root = FeedXmlReader.Read(feed, FeedLimits.MaxEntries).Root!;
        var channel = root.Child("channel", RssAdapter.IsCore)!;
        var context = RssAdapter.ItemContext(channel, Base);
        var items = RssAdapter.ItemElements.In(root);

        var one = RssItemDirect.TryAdapt(items[0], context);
        var two = RssItemDirect.TryAdapt(items[1], context);

        Assert.NotNull(one);
        Assert.Equal(("https://site.example/?p=1", "One", "https://site.example/one", "Ann"), (one.Id, one.Title, one.Link?.AbsoluteUri, one.Author));
        Assert.Equal(["News"], one.Categories);
        Assert.Equal("https://site.example/a.jpg", one.ImageUrl?.AbsoluteUri);
        Assert.Null(two);
        Assert.Equal("https://site.example/thumb.jpg", RssItemAdapter.Adapt(items[1], context).ImageUrl?.AbsoluteUri);
    }

    private static IEnumerable<(string Name, byte[] Body)> Inputs()
    {
        foreach (var file in FeedCorpus.Files())
        {
            var body = File.ReadAllBytes(file);
            yield return (file, body);
            yield return (file + "#edited", FeedCorpus.Mutate(body, new Random(file.Length)));
        }

        var content = new SyntheticContent(SampleText.Load());
        var site = new Uri("https://popularresistance.example/");
        var fifty = SyntheticFeeds.Newest(content, site, 0, 5000, 50, 6).ToList();
        yield return ("synthetic/rss50", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Popular Resistance", site, fifty)));
        yield return ("synthetic/rss50-excerpts", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Popular Resistance", site, fifty, fullContent: false)));
    }
}
