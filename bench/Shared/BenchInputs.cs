using System.Globalization;
using System.Text;
using Aggregator.Model;

namespace Aggregator.Bench.Shared;

/// <summary>The inputs every micro-benchmark and the harness's in-process figures share, built once and deterministically.</summary>
public sealed class BenchInputs
{
    public static readonly Uri Site = new("https://popularresistance.example/");

    private static readonly Lazy<BenchInputs> Shared = new(() => new BenchInputs(SampleText.Load()));

    private readonly SyntheticContent _content;

    private BenchInputs(SampleText text)
    {
        _content = new SyntheticContent(text);
        // About 2 KB an item: 50 items make the ~100 KB feed of a busy WordPress site.
        var fifty = SyntheticFeeds.Newest(_content, Site, 0, 5000, 50, 6).ToList();
        Rss50 = Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Popular Resistance", Site, fifty));
        Atom50 = Encoding.UTF8.GetBytes(SyntheticFeeds.Atom("Popular Resistance", Site, fifty));
        var many = new List<SyntheticItem>();
        while (Rss5MB is null)
        {
            many.AddRange(SyntheticFeeds.Newest(_content, Site, 1, 100_000 - many.Count, 100, 9));
            if (many.Count % 500 == 0 && SyntheticFeeds.Rss("Archive", Site, many) is { } rss && rss.Length >= 5 * 1024 * 1024)
            {
                Rss5MB = Encoding.UTF8.GetBytes(rss);
            }
        }
        Listing = SyntheticListing.Page("Popular Resistance", "Coups", Site, SyntheticFeeds.Newest(_content, Site, 2, 300, 20, 3).ToList());
        ContentHtml = string.Join('\n', fifty.Take(2).Select(i => i.ContentHtml));
        Article = ToArticle(fifty[0], "popular-resistance");
        Topics = TopicSet(text, 100);
        FeedOf50 = new TopicFeed
        {
            Topic = new TopicDefinition { Id = "coups", Title = "Coups and regime change", Description = "Coups, attempted coups and regime change" },
            FeedBaseUrl = new Uri("http://127.0.0.1:8080/feeds/"),
            HomePage = new Uri("http://127.0.0.1:8080/"),
            Updated = fifty[0].Published,
            Items = fifty.Select((item, i) => new TopicFeedItem(
                ToArticle(item, i % 2 == 0 ? "popular-resistance" : "marxist-com"),
                new OutletRef(i % 2 == 0 ? "popular-resistance" : "marxist-com", i % 2 == 0 ? "Popular Resistance" : "In Defence of Marxism", Site),
                i % 5 == 0 ? [new TopicFeedCopy(new OutletRef("venezuelanalysis", "Venezuelanalysis", new Uri("https://venezuelanalysis.example/")), item.Link)] : []))
                .ToList(),
        };
        Urls = fifty.SelectMany((item, i) => new[]
        {
            new Uri(item.Link + "?utm_source=rss&utm_medium=rss&utm_campaign=" + i.ToString(CultureInfo.InvariantCulture)),
            new Uri(item.Link.ToString().Replace("https://popularresistance.example/", "HTTPS://PopularResistance.Example:443/", StringComparison.Ordinal) + "#respond"),
        }).Take(100).ToList();
    }

    public static BenchInputs Instance => Shared.Value;

    public SyntheticContent Content => _content;

    /// <summary>RSS 2.0, 50 items, about 100 KB.</summary>
    public byte[] Rss50 { get; }

    /// <summary>Atom 1.0 of the same 50 items.</summary>
    public byte[] Atom50 { get; }

    /// <summary>RSS 2.0 of about 2,500 items, just over 5 MB: a whole-archive feed.</summary>
    public byte[] Rss5MB { get; }

    /// <summary>A WordPress category page with 20 article cards and its furniture (~40 KB).</summary>
    public string Listing { get; }

    /// <summary>Two items' content:encoded bodies (~4 KB of HTML with an image, links, sometimes a script).</summary>
    public string ContentHtml { get; }

    public Article Article { get; }

    public IReadOnlyList<TopicDefinition> Topics { get; }

    public TopicFeed FeedOf50 { get; }

    /// <summary>100 article URLs with tracking parameters, upper-case hosts, default ports and fragments.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    public static Article ToArticle(SyntheticItem item, string outletId) => new()
    {
        Id = "a" + item.SourceId.GetHashCode(StringComparison.Ordinal).ToString("x8", CultureInfo.InvariantCulture),
        OutletId = outletId,
        SourceId = item.SourceId,
        CanonicalUrl = item.Link.AbsoluteUri,
        Link = item.Link,
        Title = item.Title,
        Summary = item.Summary,
        Content = item.ContentHtml,
        Author = item.Author,
        Published = item.Published,
        FirstSeen = item.Published,
        Categories = item.Categories,
        ClusterId = "c" + item.SourceId.Length.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Topics as an operator writes them: words of the beat, prefixes (coup*), phrases, some excludes,
    /// some limited to outlets; terms drawn from the sample text so some match and most do not.
    /// </summary>
    public static IReadOnlyList<TopicDefinition> TopicSet(SampleText text, int count)
    {
        var random = new Random(100);
        var words = text.Sentences.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim(',', '.', ';', ':', '“', '”', '"', '(', ')', '‘', '’').ToLowerInvariant())
            .Where(w => w.Length >= 5 && w.All(char.IsLetter))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var topics = new List<TopicDefinition>(count);
        for (var t = 0; t < count; t++)
        {
            var include = new List<string>();
            var terms = 2 + random.Next(5);
            for (var i = 0; i < terms; i++)
            {
                var word = words[random.Next(words.Count)];
                include.Add((random.Next(6)) switch
                {
                    0 => word[..Math.Min(word.Length, 5)] + "*",
                    1 => word + " " + words[random.Next(words.Count)],
                    _ => word,
                });
            }
            topics.Add(new TopicDefinition
            {
                Id = "topic-" + t.ToString(CultureInfo.InvariantCulture),
                Title = "Topic " + t.ToString(CultureInfo.InvariantCulture),
                Include = include,
                Exclude = random.Next(4) == 0 ? [words[random.Next(words.Count)]] : [],
                Outlets = random.Next(5) == 0 ? ["popular-resistance", "marxist-com"] : [],
            });
        }
        return topics;
    }
}
