using System.Globalization;
using System.Text;
using Aggregator.Dedup;
using Xunit.Abstractions;

namespace Aggregator.Tests.Dedup;

public sealed class DuplicatePolicyEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void DefaultPolicy_OnLabelledPairs_HasPrecisionAbove99AndRecallAbove95()
    {
        IReadOnlyList<LabelledPair> pairs = LabelledPairs();
        int truePositives = 0, falsePositives = 0, falseNegatives = 0, asymmetric = 0;
        var report = new StringBuilder();
        foreach (LabelledPair pair in pairs)
        {
            DuplicateVerdict verdict = DuplicatePolicy.Default.IsDuplicate(pair.A, pair.B);
            asymmetric += verdict.Level == DuplicatePolicy.Default.IsDuplicate(pair.B, pair.A).Level ? 0 : 1;
            if (verdict.IsDuplicate && pair.Duplicate)
            {
                truePositives++;
            }
            else if (verdict.IsDuplicate)
            {
                falsePositives++;
                report.AppendLine(CultureInfo.InvariantCulture, $"FALSE POSITIVE {pair.Id} {pair.Kind} {pair.Note}: {verdict}");
            }
            else if (pair.Duplicate)
            {
                falseNegatives++;
                report.AppendLine(CultureInfo.InvariantCulture, $"FALSE NEGATIVE {pair.Id} {pair.Kind} {pair.Note}: {verdict}");
            }
        }
        double precision = (double)truePositives / Math.Max(1, truePositives + falsePositives);
        double recall = (double)truePositives / Math.Max(1, truePositives + falseNegatives);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pairs={pairs.Count} duplicates={pairs.Count(p => p.Duplicate)} tp={truePositives} fp={falsePositives} fn={falseNegatives} precision={precision:0.0000} recall={recall:0.0000}"));
        output.WriteLine(report.ToString());
        output.WriteLine(Distributions(pairs));

        Assert.True(pairs.Count >= 200, "the labelled set must hold at least 200 pairs");
        Assert.Equal(0, asymmetric);
        Assert.True(precision >= 0.99, $"precision {precision:0.0000} < 0.99\n{report}");
        Assert.True(recall >= 0.95, $"recall {recall:0.0000} < 0.95\n{report}");
    }

    [Fact]
    public void NearDuplicateIndex_OnLabelledPairs_FindsMostDuplicatesAsCandidates()
    {
        // The policy only sees what the index proposes; this measures the index's share of recall.
        IReadOnlyList<LabelledPair> pairs = LabelledPairs();
        int found = 0, duplicates = 0, distinctProposed = 0;
        var missed = new StringBuilder();
        using var index = new NearDuplicateIndex();
        foreach (LabelledPair pair in pairs)
        {
            index.Add(1, NearDuplicateSignature.Compute(pair.A.Title, pair.A.Body));
            bool proposed = index.Candidates(NearDuplicateSignature.Compute(pair.B.Title, pair.B.Body)).Contains(1)
                || ExactFingerprint.Of(pair.A.Title, pair.A.Body) == ExactFingerprint.Of(pair.B.Title, pair.B.Body);
            index.Remove(1);
            if (pair.Duplicate)
            {
                duplicates++;
                found += proposed ? 1 : 0;
                if (!proposed)
                {
                    missed.AppendLine(CultureInfo.InvariantCulture, $"not proposed: {pair.Id} {pair.Kind} {pair.Note}");
                }
            }
            else
            {
                distinctProposed += proposed ? 1 : 0;
            }
        }
        double candidateRecall = (double)found / duplicates;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index candidate recall {candidateRecall:0.0000} ({found}/{duplicates}); distinct pairs proposed {distinctProposed}/{pairs.Count - duplicates}"));
        output.WriteLine(missed.ToString());
        Assert.True(candidateRecall >= 0.95, $"candidate recall {candidateRecall:0.0000}\n{missed}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void ThresholdSweep_AroundTheDefaults_KeepsPrecisionAndRecall()
    {
        // Prints how far the defaults sit from the edge; asserts only that the defaults are inside a
        // band that also works, so one relabelled pair cannot flip the result.
        IReadOnlyList<LabelledPair> pairs = LabelledPairs();
        var folded = pairs.Select(p => (p.Duplicate, A: FoldedArticle.From(p.A), B: FoldedArticle.From(p.B))).ToList();
        var text = new StringBuilder("NearJaccard Containment precision recall\n");
        int good = 0;
        foreach (double jaccard in new[] { 0.3, 0.4, 0.5, 0.6, 0.7 })
        {
            foreach (double containment in new[] { 0.5, 0.6, 0.7, 0.8, 0.9 })
            {
                var policy = DuplicatePolicy.Default with { NearJaccard = jaccard, Containment = containment };
                int tp = 0, fp = 0, fn = 0;
                foreach ((bool duplicate, FoldedArticle a, FoldedArticle b) in folded)
                {
                    bool said = policy.IsDuplicate(a, b).IsDuplicate;
                    tp += said && duplicate ? 1 : 0;
                    fp += said && !duplicate ? 1 : 0;
                    fn += !said && duplicate ? 1 : 0;
                }
                double precision = (double)tp / Math.Max(1, tp + fp), recall = (double)tp / Math.Max(1, tp + fn);
                good += precision >= 0.99 && recall >= 0.95 ? 1 : 0;
                text.AppendLine(CultureInfo.InvariantCulture, $"{jaccard,11:0.00} {containment,11:0.00} {precision,9:0.0000} {recall,6:0.0000}");
            }
        }
        output.WriteLine(text.ToString());
        Assert.True(good >= 9, $"only {good} of 25 threshold settings meet the targets\n{text}");
    }

    private static IReadOnlyList<LabelledPair> LabelledPairs() => LabelledPair.Load();

    private static string Distributions(IReadOnlyList<LabelledPair> pairs)
    {
        var text = new StringBuilder("kind                                     n   jaccard(min/median/max)   containment(min/median/max)   smaller-shingles(min)\n");
        foreach (IGrouping<string, LabelledPair> kind in pairs.GroupBy(p => (p.Duplicate ? "dup:" : "distinct:") + p.Kind.Split(':')[1].Split('~')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var scores = kind.Select(p => Similarity.Compute(FoldedArticle.From(p.A).BodyWords, FoldedArticle.From(p.B).BodyWords)).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{kind.Key,-38} {kind.Count(),4}   {Stats(scores.Select(s => s.Jaccard)),-24}  {Stats(scores.Select(s => s.Containment)),-28}  {scores.Min(s => s.Smaller)}");
        }
        return text.ToString();
    }

    private static string Stats(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0]:0.00}/{sorted[sorted.Length / 2]:0.00}/{sorted[^1]:0.00}");
    }
}
