using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class NearDuplicateIndexTests
{
    private static NearDuplicateSignature Of(string id)
    {
        ArticleText text = ArticleTexts.Full(id);
        return NearDuplicateSignature.Compute(text.Title, text.Body);
    }

    [Fact]
    public void Candidates_SyndicatedCopy_FindsTheStoredArticle()
    {
        using var index = new NearDuplicateIndex();
        index.Add(1, Of("bolivia-a"));
        index.Add(2, Of("bolivia-b"));
        index.Add(3, Of("niger-a"));
        ArticleText copy = ArticleTexts.Full("bolivia-a");
        var candidates = index.Candidates(NearDuplicateSignature.Compute(copy.Title.ToLowerInvariant(), copy.Body + "\n\nRead more »"));
        Assert.Equal([1L], candidates);
    }

    [Fact]
    public void Candidates_TeaserAndTitleOnlyItem_FindTheFullArticle()
    {
        using var index = new NearDuplicateIndex();
        index.Add(7, Of("pakistan-a"));
        string title = ArticleTexts.Title("pakistan-a");
        Assert.Contains(7L, index.Candidates(NearDuplicateSignature.Compute(title, ArticleTexts.Paragraphs("pakistan-a")[0] + "…")));
        Assert.Contains(7L, index.Candidates(NearDuplicateSignature.Compute(title.ToUpperInvariant(), null)));
    }

    [Fact]
    public void Candidates_OtherReportOfTheSameEvent_IsNotProposed()
    {
        using var index = new NearDuplicateIndex();
        index.Add(1, Of("bolivia-a"));
        Assert.Empty(index.Candidates(Of("bolivia-c")));
    }

    [Fact]
    public void Candidates_FindsDistanceThreeButNotFour()
    {
        using var index = new NearDuplicateIndex();
        const ulong Text = 0x0123_4567_89AB_CDEF;
        index.Add(1, new NearDuplicateSignature(Text, 0, 0));
        // Three flipped bits in three different blocks, then a fourth in the last block.
        Assert.Equal([1L], index.Candidates(new NearDuplicateSignature(Text ^ (1UL << 0) ^ (1UL << 17) ^ (1UL << 34), 0, 0)));
        Assert.Empty(index.Candidates(new NearDuplicateSignature(Text ^ (1UL << 0) ^ (1UL << 17) ^ (1UL << 34) ^ (1UL << 51), 0, 0)));
        // Four bits in one block: the other three blocks still match exactly, but the distance is too large.
        Assert.Empty(index.Candidates(new NearDuplicateSignature(Text ^ 0xF, 0, 0)));
    }

    [Fact]
    public void Remove_ThenCandidates_NoLongerReturnsTheKey()
    {
        using var index = new NearDuplicateIndex();
        index.Add(1, Of("argentina-a"));
        index.Add(2, Of("argentina-a"));
        Assert.True(index.Remove(1));
        Assert.False(index.Remove(1));
        Assert.Equal([2L], index.Candidates(Of("argentina-a")));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Add_SameKeyAgain_ReplacesItsSignature()
    {
        using var index = new NearDuplicateIndex();
        index.Add(5, Of("series-12"));
        index.Add(5, Of("quote-a"));
        Assert.Equal(1, index.Count);
        Assert.Empty(index.Candidates(Of("series-12")));
        Assert.Equal([5L], index.Candidates(Of("quote-a")));
    }

    [Fact]
    public void Candidates_KeyMatchingOnEveryPart_IsReturnedOnce()
    {
        using var index = new NearDuplicateIndex();
        index.Add(9, Of("venezuela-b"));
        Assert.Equal([9L], index.Candidates(Of("venezuela-b")));
    }

    [Fact]
    public void Load_ReplacesTheContent()
    {
        using var index = new NearDuplicateIndex();
        index.Add(100, Of("niger-b"));
        index.Load([new(1, Of("niger-a")), new(2, Of("pakistan-b"))]);
        Assert.Equal(2, index.Count);
        Assert.Empty(index.Candidates(Of("niger-b")));
        Assert.Equal([2L], index.Candidates(Of("pakistan-b")));
    }

    [Fact]
    public void RemovedSlots_AreReused_AndTheIndexStaysConsistent()
    {
        using var index = new NearDuplicateIndex();
        var random = new Random(7);
        var live = new Dictionary<long, NearDuplicateSignature>();
        for (int i = 0; i < 20_000; i++)
        {
            long key = random.Next(3_000);
            if (random.Next(3) == 0)
            {
                Assert.Equal(live.Remove(key), index.Remove(key));
            }
            else
            {
                var signature = new NearDuplicateSignature((ulong)random.NextInt64(), (ulong)random.NextInt64(), 0);
                index.Add(key, signature);
                live[key] = signature;
            }
        }
        Assert.Equal(live.Count, index.Count);
        foreach ((long key, NearDuplicateSignature signature) in live)
        {
            Assert.Contains(key, index.Candidates(signature));
        }
    }

    [Fact]
    public async Task ConcurrentReadersAndOneWriter_SeeConsistentResults()
    {
        using var index = new NearDuplicateIndex();
        var fixedSignature = new NearDuplicateSignature(0xDEAD_BEEF_0000_0001, 0, 0);
        index.Add(-1, fixedSignature);
        Task writer = Task.Run(() =>
        {
            var random = new Random(11);
            for (int i = 0; i < 50_000; i++)
            {
                index.Add(i % 5_000, new NearDuplicateSignature((ulong)random.NextInt64(), (ulong)random.NextInt64(), 0));
                if (i % 3 == 0)
                {
                    index.Remove((i * 7) % 5_000);
                }
            }
        });
        Task<int>[] readers = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            int misses = 0;
            while (!writer.IsCompleted)
            {
                misses += index.Candidates(fixedSignature).Contains(-1) ? 0 : 1;
            }
            return misses;
        }))];
        await writer;
        int[] misses = await Task.WhenAll(readers);
        Assert.All(misses, m => Assert.Equal(0, m));
        Assert.Contains(-1L, index.Candidates(fixedSignature));
    }
}
