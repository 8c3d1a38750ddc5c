using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

public class CorpusSmokeTests
{
    private static readonly Uri Base = new("https://example.org/feed/");

    public static TheoryData<string> MinifluxParserFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Corpora, "miniflux", "parser")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MinifluxParserFiles))]
    public void MinifluxRealWorldFeed_ParsesWithEntries(string name)
    {
        var result = FeedParser.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Corpora, "miniflux", "parser", name)), Base);

        Assert.True(result.Feed is not null, result.Error);
        Assert.NotEmpty(result.Feed!.Entries);
        // One of these real feeds has a genuinely empty item; every other entry has a title and a link.
        Assert.True(result.Feed.Entries.Count(e => e.Title is not null && e.Link is not null) >= result.Feed.Entries.Count - 1);
    }

    [Fact]
    public void EveryFeedparserWellformedFile_ReturnsWithoutThrowing()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.Corpora, "feedparser", "wellformed"), "*", SearchOption.AllDirectories);
        var feeds = 0;
        foreach (var file in files)
        {
            var result = FeedParser.Parse(File.ReadAllBytes(file), Base);
            Assert.True(result.Feed is not null || result.Error is not null, file);
            Assert.False(result.Error?.Contains("internal error", StringComparison.Ordinal) ?? false, $"{file}: {result.Error}");
            feeds += result.Feed is null ? 0 : 1;
        }

        Assert.True(files.Length > 1000, $"only {files.Length} files found");
        Assert.True(feeds > files.Length * 95 / 100, $"{feeds} of {files.Length} read as feeds");
    }

    [Fact]
    public void EveryOtherCorpusFile_ReturnsWithoutAnInternalError()
    {
        var files = new[] { "feedparser/illformed", "feedparser/encoding", "feedparser/entities", "feedparser/json", "gofeed", "miniflux" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(TestPaths.Corpora, dir), "*", SearchOption.AllDirectories))
            .ToList();

        foreach (var file in files)
        {
            var result = FeedParser.Parse(File.ReadAllBytes(file), Base);

            Assert.False(result.Error?.Contains("internal error", StringComparison.Ordinal) ?? false, $"{file}: {result.Error}");
        }

        Assert.True(files.Count > 500, $"only {files.Count} files found");
    }
}
