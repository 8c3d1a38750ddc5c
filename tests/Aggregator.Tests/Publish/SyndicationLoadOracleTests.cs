using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Aggregator.Model;
using Aggregator.Publish;
using Aggregator.Publish.Atom;
using Aggregator.Publish.Rss;

namespace Aggregator.Tests.Publish;

/// <summary>
/// System.ServiceModel.Syndication's own reader as an outside oracle: every Atom and RSS feed we write loads with
/// <see cref="SyndicationFeed.Load(XmlReader)"/>, with the items the topic feed holds (count, ids, titles, links, dates,
/// authors, categories, enclosures), the expectations taken from the model, not from our output.
/// </summary>
public sealed class SyndicationLoadOracleTests
{
    private static readonly XmlReaderSettings Reader = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static TheoryData<string> Cases => [.. OracleFeeds.Keys];

    private static readonly Dictionary<string, Func<TopicFeed>> OracleFeeds = new()
    {
        // Items without a date, without an author, with enclosures, with related copies, with forbidden characters.
        ["sample"] = () => SampleTopicFeed.Build(),
        ["empty"] = () => SampleTopicFeed.Build(items: []),
        ["paged with a hub"] = () => SampleTopicFeed.Build() with
        {
            Paging = new FeedPaging("before=c2", "c3", "c1"),
            Hub = new Uri("https://hub.example/"),
        },
        ["extreme dates"] = () => SampleTopicFeed.Build(items:
        [
            new(SampleTopicFeed.ElectoralFraud with { Published = DateTimeOffset.MinValue, Updated = DateTimeOffset.MaxValue, FirstSeen = DateTimeOffset.MinValue },
                SampleTopicFeed.PopularResistance, []),
            new(SampleTopicFeed.MoroccoGuaido with { Published = null, Updated = null, FirstSeen = DateTimeOffset.MinValue },
                SampleTopicFeed.Marxist, []),
        ]),
        ["hostile random"] = () => HostileFeed(new Random(21), 40),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SyndicationLoad_ReadsOurAtom_WithEveryItem(string name)
    {
        TopicFeed feed = OracleFeeds[name]();

        SyndicationFeed loaded = Load(AtomFeedWriter.Write(feed));

        Assert.Equal(FeedIds.Topic(feed.Topic.Id), loaded.Id);
        Assert.Equal(Seconds(feed.Updated), loaded.LastUpdatedTime);
        Assert.Equal(FeedUrls.For(feed, FeedUrls.AtomExtension, feed.Paging.Query), Href(loaded.Links, "self"));
        Assert.Equal(feed.HomePage.AbsoluteUri, Href(loaded.Links, "alternate"));
        Assert.Equal(feed.Hub?.AbsoluteUri, Href(loaded.Links, "hub"));
        Assert.Equal(FeedUrls.PagingLinks(feed, FeedUrls.AtomExtension).Select(l => l.Href), loaded.Links.Where(IsPaging).Select(l => l.Uri.AbsoluteUri));
        SyndicationItem[] entries = [.. loaded.Items];
        Assert.Equal(feed.Items.Count, entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            Article article = feed.Items[i].Article;
            SyndicationItem entry = entries[i];
            Assert.Equal(FeedIds.Article(article.Id), entry.Id);
            Assert.Equal(Lines(ItemFields.Title(article)), Lines(entry.Title.Text));
            Assert.Equal(article.Link.AbsoluteUri, Href(entry.Links, "alternate"));
            Assert.Equal(Seconds(ItemFields.Updated(article)), entry.LastUpdatedTime);
            Assert.Equal(article.Published is { } published ? Seconds(published) : DateTimeOffset.MinValue, entry.PublishDate);
            Assert.Equal(ItemFields.Author(article) is { } author ? [Lines(author)] : [], entry.Authors.Select(a => Lines(a.Name)));
            Assert.Equal(Categories(article), entry.Categories.Select(c => Lines(c.Name)));
            Assert.Equal(article.Enclosures.Select(e => e.Url.AbsoluteUri), Hrefs(entry.Links, "enclosure"));
            Assert.Equal(feed.Items[i].AlsoPublishedBy.Select(c => c.Link.AbsoluteUri), Hrefs(entry.Links, "related"));
            Assert.Equal(FeedIds.Outlet(feed.Items[i].Source.Id), entry.SourceFeed.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SyndicationLoad_ReadsOurRss_WithEveryItem(string name)
    {
        TopicFeed feed = OracleFeeds[name]();

        SyndicationFeed loaded = Load(RssFeedWriter.Write(feed));

        Assert.Equal(Lines(XmlSafe.Clean(feed.Topic.Title)), Lines(loaded.Title.Text));
        Assert.Equal(Seconds(feed.Updated), loaded.LastUpdatedTime);
        Assert.Equal(feed.HomePage.AbsoluteUri, Href(loaded.Links, "alternate"));
        // Its RSS reader takes atom:link elements as links too.
        Assert.Equal(FeedUrls.For(feed, FeedUrls.RssExtension, feed.Paging.Query), Href(loaded.Links, "self"));
        Assert.Equal(feed.Hub?.AbsoluteUri, Href(loaded.Links, "hub"));
        Assert.Equal(FeedUrls.PagingLinks(feed, FeedUrls.RssExtension).Select(l => l.Href), loaded.Links.Where(IsPaging).Select(l => l.Uri.AbsoluteUri));
        SyndicationItem[] items = [.. loaded.Items];
        Assert.Equal(feed.Items.Count, items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            Article article = feed.Items[i].Article;
            SyndicationItem item = items[i];
            Assert.Equal(FeedIds.Article(article.Id), item.Id);
            Assert.Equal(Lines(ItemFields.Title(article)), Lines(item.Title.Text));
            Assert.Equal(article.Link.AbsoluteUri, Href(item.Links, "alternate"));
            Assert.Equal(Seconds(ItemFields.Published(article)), item.PublishDate);
            Assert.Equal(Categories(article), item.Categories.Select(c => Lines(c.Name)));
            Assert.Equal(article.Enclosures.Take(1).Select(e => e.Url.AbsoluteUri), Hrefs(item.Links, "enclosure"));
            Assert.Equal(Lines(XmlSafe.Clean(feed.Items[i].Source.Name)), Lines(item.SourceFeed.Title.Text));
        }
    }

    internal static SyndicationFeed Load(byte[] document)
    {
        using var stream = new MemoryStream(document);
        using var reader = XmlReader.Create(stream, Reader);
        return SyndicationFeed.Load(reader);
    }

    private static bool IsPaging(SyndicationLink link) => link.RelationshipType is "first" or "next" or "previous";

    private static string? Href(IEnumerable<SyndicationLink> links, string rel) => Hrefs(links, rel).SingleOrDefault();

    private static IEnumerable<string> Hrefs(IEnumerable<SyndicationLink> links, string rel) =>
        links.Where(l => l.RelationshipType == rel).Select(l => l.Uri.AbsoluteUri);

    private static IEnumerable<string> Categories(Article article) =>
        article.Categories.Select(c => Lines(XmlSafe.Clean(c).Trim())).Where(c => c.Length > 0);

    // The feeds carry what the model says to the second, in UTC.
    private static DateTimeOffset Seconds(DateTimeOffset value)
    {
        DateTimeOffset utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    // XML turns every line break into LF (XML 1.0 2.11), so text is compared with the same breaks.
    private static string Lines(string text) => text.ReplaceLineEndings("\n");

    private static readonly string[] Pieces =
    [
        "<", ">", "&", "&amp;", "&#1;", "\"", "'", "]]>", "<![CDATA[", "\u0000", "\u0001", "\u000B", "\u001F", "\u007F", "\u0085",
        "\uD800", "\uDC00", "\uFFFE", "\uFFFF", "\uFEFF", "\u2028", "\r\n", "\r", "\t", " ", "Guaid\u00F3", "\U0001F1FB\U0001F1EA", "<p>", "x",
    ];

    private static string Hostile(Random random)
    {
        var sb = new StringBuilder();
        int count = random.Next(0, 20);
        for (int i = 0; i < count; i++)
        {
            sb.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    private static TopicFeed HostileFeed(Random random, int count)
    {
        var items = new TopicFeedItem[count];
        for (int i = 0; i < count; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            var outlet = new OutletRef("o" + n, Hostile(random), new Uri("https://example.org/feed/" + n));
            var link = new Uri("https://example.org/a/" + n + "?q=" + Uri.EscapeDataString(XmlSafe.Clean(Hostile(random))));
            var article = new Article
            {
                Id = Hostile(random) + n,
                OutletId = outlet.Id,
                CanonicalUrl = link.AbsoluteUri,
                Link = link,
                Title = Hostile(random),
                Summary = random.Next(3) == 0 ? null : Hostile(random),
                Content = random.Next(3) == 0 ? null : Hostile(random),
                Author = random.Next(3) == 0 ? null : Hostile(random),
                Published = random.Next(3) == 0 ? null : DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)),
                Updated = random.Next(2) == 0 ? null : DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)).ToOffset(TimeSpan.FromHours(5)),
                FirstSeen = DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)).ToOffset(TimeSpan.FromHours(-7)),
                Categories = [Hostile(random), Hostile(random)],
                Enclosures = random.Next(2) == 0 ? [] :
                [
                    new Enclosure(new Uri("https://example.org/f/" + n + ".mp3"), Hostile(random), random.Next(-1, 5000)),
                    new Enclosure(new Uri("https://example.org/f/" + n + ".jpg")),
                ],
                ClusterId = "c" + n,
            };
            IReadOnlyList<TopicFeedCopy> copies = random.Next(2) == 0 ? [] : [new(outlet with { Name = Hostile(random) }, new Uri("https://example.net/copy/" + n))];
            items[i] = new TopicFeedItem(article, outlet, copies);
        }

        return SampleTopicFeed.Build(new TopicDefinition { Id = "hostile", Title = Hostile(random), Description = Hostile(random) }, items);
    }
}
