using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Aggregator.Model;
using Aggregator.Publish.Atom;
using Aggregator.Publish.JsonFeed;
using Aggregator.Publish.Opml;
using Aggregator.Publish.Rss;
using Xunit;
using Xunit.Abstractions;
using static Aggregator.Tests.Publish.FeedDocuments;

namespace Aggregator.Tests.Publish;

/// <summary>Properties every writer must keep whatever the input: well-formed output, and the same items in every format.</summary>
public sealed class AllWritersTests(ITestOutputHelper output)
{
    // Weighted towards what breaks feeds: markup, controls, surrogate halves, non-characters, CDATA ends, RTL marks.
    private static readonly string[] Pieces =
    [
        "<", ">", "&", "&amp;", "&#1;", "\"", "'", "]]>", "<![CDATA[", "<!--", "\u0000", "\u0001", "\u0008", "\u000B", "\u000C",
        "\u001F", "\u007F", "\u0085", "\u009F", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFE", "\uFFFF", "\uFEFF", "\u200F",
        "\u2028", "\r\n", "\t", " ", "Guaid\u00F3", "\u201Ccoup\u201D", "\u2018Fraud\u2019", "\U0001F1FB\U0001F1EA", "Z\u00FA\u00F1iga",
        "<p>", "</p>", "<script>", "x",
    ];

    [Fact]
    public void Writers_RandomHostileStrings_AlwaysProduceWellFormedFeeds()
    {
        var random = new Random(20261123);
        for (int round = 0; round < 20; round++)
        {
            TopicFeed feed = RandomFeed(random, itemCount: 25);

            XDocument atom = ParseXml(AtomFeedWriter.Write(feed));
            XDocument rss = ParseXml(RssFeedWriter.Write(feed));
            using JsonDocument json = JsonDocument.Parse(JsonFeedWriter.Write(feed));
            XDocument opml = ParseXml(OpmlWriter.Write(RandomText(random), [.. feed.Items.Select(i => i.Source)], feed.Updated));

            AssertOnlyAllowedCharacters(atom);
            AssertOnlyAllowedCharacters(rss);
            AssertOnlyAllowedCharacters(opml);
            Assert.Equal(25, atom.Root!.Elements(Atom + "entry").Count());
            Assert.Equal(25, rss.Root!.Element("channel")!.Elements("item").Count());
            Assert.Equal(25, json.RootElement.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public void Writers_TheSameArticle_GetsTheSameIdInEveryFormat()
    {
        TopicFeed feed = SampleTopicFeed.Build();

        string[] atomIds = [.. ParseXml(AtomFeedWriter.Write(feed)).Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value)];
        string[] rssIds = [.. ParseXml(RssFeedWriter.Write(feed)).Root!.Element("channel")!.Elements("item").Select(i => i.Element("guid")!.Value)];
        using JsonDocument json = JsonDocument.Parse(JsonFeedWriter.Write(feed));
        string[] jsonIds = [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

        Assert.Equal(atomIds, rssIds);
        Assert.Equal(atomIds, jsonIds);
        Assert.Equal(atomIds.Length, atomIds.Distinct().Count());
    }

    [Fact]
    public void Writers_ExtremeDates_AreStillValidDates()
    {
        Article first = SampleTopicFeed.ElectoralFraud with { Published = DateTimeOffset.MinValue, Updated = DateTimeOffset.MaxValue };
        TopicFeed feed = SampleTopicFeed.Build(items: [new(first, SampleTopicFeed.PopularResistance, [])]) with
        {
            Updated = DateTimeOffset.MaxValue,
        };

        XElement entry = ParseXml(AtomFeedWriter.Write(feed)).Root!.Element(Atom + "entry")!;
        XElement item = ParseXml(RssFeedWriter.Write(feed)).Root!.Element("channel")!.Element("item")!;

        Assert.Equal("9999-12-31T23:59:59Z", entry.Element(Atom + "updated")!.Value);
        Assert.Equal("0001-01-01T00:00:00Z", entry.Element(Atom + "published")!.Value);
        Assert.True(Rfc822.TryParse(item.Element("pubDate")!.Value, out _), item.Element("pubDate")!.Value);
    }

    [Fact]
    public void Writers_TheSampleDumps_BecomeFeedsWithEveryTitleIntact()
    {
        List<TopicFeedItem> items = SampleDumpItems();
        TopicFeed feed = SampleTopicFeed.Build(TopicDefinition.All, items);

        XDocument atom = ParseXml(AtomFeedWriter.Write(feed));
        XDocument rss = ParseXml(RssFeedWriter.Write(feed));
        using JsonDocument json = JsonDocument.Parse(JsonFeedWriter.Write(feed));

        string[] titles = [.. items.Select(i => i.Article.Title)];
        Assert.Contains("Venezuela: US Government Cites Groups It Funds To Allege Electoral \u2018Fraud\u2019", titles);
        Assert.Equal(titles, atom.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
        Assert.Equal(titles, rss.Root!.Element("channel")!.Elements("item").Select(i => i.Element("title")!.Value));
        Assert.Equal(titles, json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Contains(json.RootElement.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("summary").GetString()!.Contains("Guaid\u00F3", StringComparison.Ordinal));
    }

    [Fact]
    public void Writers_FiveHundredItems_KeepEveryItemInOrder()
    {
        List<TopicFeedItem> dump = SampleDumpItems();
        var items = new List<TopicFeedItem>(500);
        for (int i = 0; i < 500; i++)
        {
            TopicFeedItem source = dump[i % dump.Count];
            items.Add(source with { Article = source.Article with { Id = source.Article.Id + "-" + i.ToString(CultureInfo.InvariantCulture) } });
        }

        TopicFeed feed = SampleTopicFeed.Build(TopicDefinition.All, items);
        var clock = Stopwatch.StartNew();
        byte[] atom = AtomFeedWriter.Write(feed);
        byte[] rss = RssFeedWriter.Write(feed);
        byte[] json = JsonFeedWriter.Write(feed);
        clock.Stop();

        string[] expected = [.. items.Select(i => "urn:aggregator:article:" + i.Article.Id)];
        Assert.Equal(expected, ParseXml(atom).Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal(expected, ParseXml(rss).Root!.Element("channel")!.Elements("item").Select(i => i.Element("guid")!.Value));
        using JsonDocument parsed = JsonDocument.Parse(json);
        Assert.Equal(expected, parsed.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first (cold) write of all three formats: {clock.Elapsed.TotalMilliseconds:F1} ms; {atom.Length / 1024} / {rss.Length / 1024} / {json.Length / 1024} KiB"));
    }

    /// <summary>Popular Resistance's title/teaser pairs and In Defence of Marxism's teasers, read from the sample dumps in place.</summary>
    private static List<TopicFeedItem> SampleDumpItems()
    {
        var items = new List<TopicFeedItem>();
        string[] listing = [.. File.ReadAllLines(Path.Combine(TestPaths.Samples, "002_2204dce29aff7d18.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0)];
        // Lines 0-1 are "Skip to content" and the category heading; the fundraising appeal closes the page.
        for (int i = 2; i + 1 < listing.Length && !listing[i].StartsWith("Urgent End Of Year", StringComparison.Ordinal); i += 2)
        {
            items.Add(DumpItem(SampleTopicFeed.PopularResistance, items.Count, listing[i], listing[i + 1]));
        }

        foreach (string teaser in File.ReadAllLines(Path.Combine(TestPaths.Samples, "000_44fc27ac66db4b39.txt")))
        {
            if (teaser.Trim().Length > 0)
            {
                // The listing has no titles; the teaser's opening words stand in.
                string title = string.Join(' ', teaser.Trim().Split(' ').Take(8)) + "\u2026";
                items.Add(DumpItem(SampleTopicFeed.Marxist, items.Count, title, teaser.Trim()));
            }
        }

        return items;
    }

    private static TopicFeedItem DumpItem(OutletRef outlet, int index, string title, string teaser)
    {
        string slug = index.ToString("D3", CultureInfo.InvariantCulture);
        var link = new Uri(outlet.HomePage!, "article-" + slug + "/");
        var article = new Article
        {
            Id = outlet.Id + "-" + slug,
            OutletId = outlet.Id,
            CanonicalUrl = link.AbsoluteUri,
            Link = link,
            Title = title,
            Summary = "<p>" + Aggregator.Parse.HtmlEscape.Text(teaser) + "</p>",
            Content = "<p>" + Aggregator.Parse.HtmlEscape.Text(teaser) + "</p><p><em>" + Aggregator.Parse.HtmlEscape.Text(title) + "</em></p>",
            Author = index % 3 == 0 ? null : outlet.Name + " staff",
            Published = SampleTopicFeed.FeedUpdated.AddHours(-index),
            FirstSeen = SampleTopicFeed.FeedUpdated.AddHours(-index).AddMinutes(5),
            Categories = ["Coups", "Venezuela"],
            Enclosures = index % 4 == 0 ? [new Enclosure(new Uri(link, "audio.mp3"), null, 1000 + index)] : [],
            ClusterId = outlet.Id + "-" + slug,
        };
        IReadOnlyList<TopicFeedCopy> copies = index % 5 == 0 ? [new(SampleTopicFeed.Analysis, new Uri(link, "?copy=1"))] : [];
        return new TopicFeedItem(article, outlet, copies);
    }

    private static TopicFeed RandomFeed(Random random, int itemCount)
    {
        var items = new TopicFeedItem[itemCount];
        for (int i = 0; i < itemCount; i++)
        {
            var outlet = new OutletRef("o" + i.ToString(CultureInfo.InvariantCulture), RandomText(random), new Uri("https://example.org/feed"),
                random.Next(2) == 0 ? null : new Uri("https://example.org/"));
            var article = new Article
            {
                Id = RandomText(random),
                OutletId = outlet.Id,
                CanonicalUrl = "https://example.org/a",
                Link = new Uri("https://example.org/a?q=" + Uri.EscapeDataString(XmlSafeText(random))),
                Title = RandomText(random),
                Summary = random.Next(4) == 0 ? null : RandomText(random),
                Content = random.Next(3) == 0 ? null : RandomText(random),
                Author = random.Next(3) == 0 ? null : RandomText(random),
                Published = random.Next(3) == 0 ? null : DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)),
                Updated = random.Next(2) == 0 ? null : DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)),
                FirstSeen = DateTimeOffset.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000)).ToOffset(TimeSpan.FromHours(random.Next(-12, 14))),
                Categories = [RandomText(random), RandomText(random)],
                Enclosures = random.Next(2) == 0 ? [] : [new Enclosure(new Uri("https://example.org/f.bin"), RandomText(random), random.Next(-1, 5000))],
                ClusterId = "c",
            };
            IReadOnlyList<TopicFeedCopy> copies = random.Next(2) == 0 ? [] : [new(outlet with { Name = RandomText(random) }, new Uri("https://example.org/copy"))];
            items[i] = new TopicFeedItem(article, outlet, copies);
        }

        var topic = new TopicDefinition { Id = "t", Title = RandomText(random), Description = RandomText(random) };
        return SampleTopicFeed.Build(topic, items);
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        int count = random.Next(0, 30);
        for (int i = 0; i < count; i++)
        {
            sb.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    // Uri.EscapeDataString rejects lone surrogates, so links get text without them.
    private static string XmlSafeText(Random random) => Aggregator.Publish.XmlSafe.Clean(RandomText(random));
}
