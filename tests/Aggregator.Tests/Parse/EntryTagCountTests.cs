using System.Text;
using Aggregator.Fetch;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The byte reader counts the item and entry start tags it reads, sparing FeedParser a second pass over the bytes
/// (EntryMarkup.Count): its count must be that pass's on every input it reads, and a lost entry must still be told.
/// </summary>
public class EntryTagCountTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    public void EveryPinnedInput_TheReadersCount_IsTheSecondPasssCount()
    {
        var differing = new List<string>();
        var (counted, inputs, harnessCounted, harness) = (0, 0, 0, 0);
        foreach (var (name, body, contentType) in ParseOutputHashTests.Inputs())
        {
            inputs++;
            var isHarness = name.StartsWith("synthetic/", StringComparison.Ordinal);
            harness += isHarness ? 1 : 0;
            var charset = BodyDecoder.Choose(body, contentType);
            if (WellFormedFeed.TryParse(body, charset, Base, FeedLimits.MaxEntries, out var entryTags) is null || entryTags is not { } tags)
            {
                continue;
            }

            counted++;
            harnessCounted += isHarness ? 1 : 0;
            if (tags != EntryMarkup.Count(body, charset))
            {
                differing.Add($"{name} ({tags} against {EntryMarkup.Count(body, charset)})");
            }
        }

        output.WriteLine($"{inputs} inputs, {counted} counted by the reader; harness feeds {harnessCounted} of {harness}");
        Assert.True(differing.Count == 0, $"{differing.Count} inputs counted otherwise (first: {string.Join(", ", differing.Take(10))})");
        Assert.True(counted > 1000, $"only {counted} inputs counted by the reader");
        Assert.Equal(harness, harnessCounted);
    }

    [Theory]
    // An entry-named leaf inside an item is declined by the direct road, so the reader's start tags still see it.
    [InlineData("<rss version=\"2.0\" xmlns:x=\"urn:x\"><channel><title>t</title><item><title>a</title><x:Entry>z</x:Entry></item></channel></rss>", true, 1, 2)]
    // A processing instruction holding a "<": the second pass counts it, as before.
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><?note <item> ?><item><title>a</title></item></channel></rss>", false, 1, 2)]
    public void ALostEntry_IsStillTold(string xml, bool countedByReader, int read, int marked)
    {
        var body = Encoding.UTF8.GetBytes(xml);
        var charset = BodyDecoder.Choose(body, "application/rss+xml");
        Assert.NotNull(WellFormedFeed.TryParse(body, charset, Base, FeedLimits.MaxEntries, out var entryTags));
        Assert.Equal(countedByReader, entryTags is not null);

        var feed = FeedParser.Parse(body, Base, "application/rss+xml").Feed!;
        Assert.Equal(read, feed.Entries.Count);
        Assert.NotNull(feed.Loss);
        Assert.Equal(marked, feed.Loss!.Marked);
    }

    [Fact]
    public void EntriesOverTheLimit_AreStillTold()
    {
        var items = string.Concat(Enumerable.Range(0, 5).Select(i => $"<item><title>{i}</title><link>https://example.org/{i}</link></item>"));
        var body = Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
        // Over the limit the byte reader leaves the feed to XmlReader, so the second pass counts, as before.
        var feed = FeedParser.Parse(body, Base, null, 3).Feed!;
        Assert.Equal(3, feed.Entries.Count);
        Assert.Equal((5, 2), (feed.Loss!.Marked, feed.Loss.OverLimit));
    }
}
