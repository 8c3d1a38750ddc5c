using Aggregator.Normalize;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Dedup;
using Xunit.Abstractions;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// Bounded scale checks: correctness is asserted, timings and memory are only printed (CI machines vary).
/// </summary>
[Trait("Category", "Slow")]
public sealed class NearDuplicateIndexScaleTests(ITestOutputHelper output)
{
    private const int Planted = 300;

    [Fact]
    public void Index_Of100kSyntheticArticles_ReturnsEveryPlantedNearDuplicate()
    {
        string[] vocabulary = Vocabulary();
        var random = new Random(20261123);
        var texts = new List<(string Title, string Body)>(100_000);
        for (int i = 0; i < 100_000; i++)
        {
            texts.Add((Sentence(random, vocabulary, 8), Sentence(random, vocabulary, 60 + random.Next(140))));
        }
        var build = Stopwatch.StartNew();
        var signatures = new NearDuplicateSignature[texts.Count];
        Parallel.For(0, texts.Count, i => signatures[i] = NearDuplicateSignature.Compute(texts[i].Title, texts[i].Body));
        TimeSpan signing = build.Elapsed;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        using var index = new NearDuplicateIndex();
        build.Restart();
        index.Load(signatures.Select((s, i) => new KeyValuePair<long, NearDuplicateSignature>(i, s)));
        TimeSpan loading = build.Elapsed;
        long after = GC.GetTotalMemory(forceFullCollection: true);

        // Planted copies: a teaser (first 30 words), an edited copy (a word replaced after the lead,
        // a caption appended), a title-only item. Each must bring back its original as a candidate.
        var durations = new List<double>(Planted * 3);
        int candidatesSeen = 0;
        for (int p = 0; p < Planted; p++)
        {
            int original = random.Next(texts.Count);
            (string title, string body) = texts[original];
            string[] words = body.Split(' ');
            words[20 + random.Next(words.Length - 20)] = "caracas";
            string[] queries =
            [
                string.Join(' ', words.Take(30)) + " […]",
                string.Join(' ', words) + " Supporters of the government gather outside the palace.",
            ];
            foreach (string query in queries)
            {
                candidatesSeen += AssertFound(index, original, NearDuplicateSignature.Compute(title, query), durations);
            }
            candidatesSeen += AssertFound(index, original, NearDuplicateSignature.Compute(title.ToUpperInvariant(), null), durations);
        }
        output.WriteLine(Figures("100k", index, after - before, signing, loading, durations, (double)candidatesSeen / durations.Count));
    }

    [Fact]
    public void Index_Of1MSignatures_LoadsAndAnswersWithinBudget_PrintedOnly()
    {
        // Signatures drawn directly from a seeded generator: SimHash bits of unrelated texts are
        // uniform, and hashing a million synthetic texts would take most of a CI minute.
        const int Size = 1_000_000;
        var random = new Random(42);
        var entries = new KeyValuePair<long, NearDuplicateSignature>[Size];
        for (int i = 0; i < Size; i++)
        {
            ulong title = i % 3 == 0 ? (ulong)random.NextInt64() | 1 : 0;
            entries[i] = new(i, new NearDuplicateSignature((ulong)random.NextInt64(), (ulong)random.NextInt64(), title));
        }
        long before = GC.GetTotalMemory(forceFullCollection: true);
        using var index = new NearDuplicateIndex();
        var clock = Stopwatch.StartNew();
        index.Load(entries);
        TimeSpan loading = clock.Elapsed;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        var durations = new List<double>(20_000);
        for (int q = 0; q < 10_000; q++)
        {
            int target = random.Next(Size);
            NearDuplicateSignature s = entries[target].Value;
            // Two bits flipped in Text, the lead changed entirely: found through the Text tables.
            var query = new NearDuplicateSignature(s.Text ^ (1UL << random.Next(64)) ^ (1UL << random.Next(64)), (ulong)random.NextInt64(), 0);
            AssertFound(index, target, query, durations);
            var unrelated = new NearDuplicateSignature((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() | 1);
            Time(index, unrelated, durations);
        }
        Assert.Equal(Size, index.Count);
        output.WriteLine(Figures("1M", index, after - before, TimeSpan.Zero, loading, durations, double.NaN));
    }

    private static int AssertFound(NearDuplicateIndex index, int original, NearDuplicateSignature query, List<double> durations)
    {
        IReadOnlyList<long> candidates = Time(index, query, durations);
        Assert.Contains((long)original, candidates);
        return candidates.Count;
    }

    private static IReadOnlyList<long> Time(NearDuplicateIndex index, NearDuplicateSignature query, List<double> durations)
    {
        long start = Stopwatch.GetTimestamp();
        IReadOnlyList<long> candidates = index.Candidates(query);
        durations.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        return candidates;
    }

    private static string Figures(string label, NearDuplicateIndex index, long heapBytes, TimeSpan signing, TimeSpan loading, List<double> durations, double averageCandidates)
    {
        double[] sorted = [.. durations.Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"{label}: entries={index.Count} lookup median={sorted[sorted.Length / 2]:0.0} µs p99={sorted[(int)(sorted.Length * 0.99)]:0.0} µs "
            + $"estimated={index.EstimatedBytes / 1e6:0.0} MB heap-delta={heapBytes / 1e6:0.0} MB load={loading.TotalMilliseconds:0} ms "
            + $"signing={signing.TotalMilliseconds:0} ms candidates/query={averageCandidates:0.00}");
    }

    /// <summary>The words of the real samples and the hand-written articles: realistic frequencies, on the beat.</summary>
    private static string[] Vocabulary()
    {
        IEnumerable<string> text = Directory.EnumerateFiles(TestPaths.Samples, "*.txt").Select(File.ReadAllText)
            .Append(File.ReadAllText(Path.Combine(TestPaths.TestData("dedup"), "articles.json")));
        return [.. text.SelectMany(t => TextNormalizer.Words(TextNormalizer.Fold(t)))];
    }

    private static string Sentence(Random random, string[] vocabulary, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
}
