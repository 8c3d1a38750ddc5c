using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>The README keeps our own reader because SyndicationFeed.Load reads fewer of the corpus files: checked here.</summary>
public sealed class SyndicationLoadComparisonTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void SyndicationLoad_ReadsFewerCorpusFilesThanOurReader_InEveryCorpus()
    {
        var result = SyndicationLoadComparison.Measure();
        output.WriteLine(SyndicationLoadComparison.Render(result));

        Assert.Equal(["feedparser", "gofeed", "miniflux"], result.Corpora.Select(r => r.Corpus));
        Assert.All(result.Corpora, row =>
        {
            Assert.True(row.Files > 0, row.Corpus + ": no files");
            Assert.True(row.Ours >= row.Theirs, $"{row.Corpus}: SyndicationFeed.Load read {row.Theirs} of {row.Files} files, ours {row.Ours}");
        });
        Assert.True(result.Corpora.Sum(r => r.Ours) > result.Corpora.Sum(r => r.Theirs));
    }
}
