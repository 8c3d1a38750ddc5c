using System.Text;
using Aggregator.Bench.Shared;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The parser's output, field for field, is what it was when parse-output-hashes.tsv was written: every feed of the
/// corpora and our fixtures, each once more with a small seeded edit (so the lenient road is held too), and the load
/// harness's synthetic feeds. A speed-up of the parser must not move one of these hashes. A deliberate change of
/// output rewrites the file (AGGREGATOR_WRITE_PARSE_HASHES=1) in the same commit, which then shows what moved;
/// AGGREGATOR_PARSE_DUMPS=folder writes every whole dump there, to diff two builds' outputs.
/// </summary>
public class ParseOutputHashTests
{
    private static readonly Uri Base = new("https://example.org/feed/");
    private static readonly string Expectations = Path.Combine(TestPaths.RepoRoot, "tests", "Aggregator.Tests", "Parse", "parse-output-hashes.tsv");

    [Fact]
    public void EveryCorpusAndSyntheticFeed_ParsesToTheRecordedOutput()
    {
        var dumps = Environment.GetEnvironmentVariable("AGGREGATOR_PARSE_DUMPS") is { Length: > 0 } folder ? Directory.CreateDirectory(folder).FullName : null;
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, body, contentType) in Inputs())
        {
            var dump = CanonicalParseDump.Of(FeedParser.Parse(body, Base, contentType));
            actual[name] = CanonicalParseDump.Hash(dump);
            if (dumps is not null)
            {
                File.WriteAllText(Path.Combine(dumps, name.Replace('/', '_') + ".txt"), dump);
            }
        }

        if (Environment.GetEnvironmentVariable("AGGREGATOR_WRITE_PARSE_HASHES") == "1")
        {
            File.WriteAllLines(Expectations, actual.Select(p => $"{p.Key}\t{p.Value}"));
        }

        var expected = File.ReadAllLines(Expectations).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var moved = actual.Where(p => !expected.TryGetValue(p.Key, out var hash) || hash != p.Value).Select(p => p.Key).ToList();
        var gone = expected.Keys.Where(k => !actual.ContainsKey(k)).ToList();

        Assert.True(actual.Count > 6000, $"only {actual.Count} inputs");
        Assert.True(moved.Count == 0 && gone.Count == 0,
            $"{moved.Count} of {actual.Count} parses differ from the recorded output (first: {string.Join(", ", moved.Take(10))}); " +
            $"{gone.Count} recorded inputs missing (first: {string.Join(", ", gone.Take(10))})");
    }

    internal static IEnumerable<(string Name, byte[] Body, string? ContentType)> Inputs()
    {
        foreach (var file in FeedCorpus.Files())
        {
            var name = Path.GetRelativePath(file.StartsWith(TestPaths.Corpora, StringComparison.Ordinal) ? TestPaths.Corpora : TestPaths.RepoRoot, file).Replace('\\', '/');
            var body = File.ReadAllBytes(file);
            yield return (name, body, null);
            yield return (name + "#edited", FeedCorpus.Mutate(body, new Random(StableSeed(name))), null);
        }

        // The load harness's parse inputs (bench/Aggregator.Load's SmallFeeds and BenchInputs), built the same way.
        var content = new SyntheticContent(SampleText.Load());
        var site = new Uri("https://popularresistance.example/");
        var fifty = SyntheticFeeds.Newest(content, site, 0, 5000, 50, 6).ToList();
        yield return ("synthetic/rss50", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Popular Resistance", site, fifty)), "application/rss+xml");
        yield return ("synthetic/atom50", Encoding.UTF8.GetBytes(SyntheticFeeds.Atom("Popular Resistance", site, fifty)), "application/atom+xml");
        yield return ("synthetic/rss50-excerpts", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Popular Resistance", site, fifty, fullContent: false)), "application/rss+xml");
        for (var i = 0; i < 80; i++)
        {
            var outlet = new Uri($"https://outlet{i}.example/");
            var items = SyntheticFeeds.Newest(content, outlet, 1000 + i, 5000, 50, 7).ToList();
            yield return i % 5 == 4
                ? ($"synthetic/small{i:D2}", Encoding.UTF8.GetBytes(SyntheticFeeds.Atom($"Outlet {i}", outlet, items)), "application/atom+xml")
                : ($"synthetic/small{i:D2}", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss($"Outlet {i}", outlet, items)), "application/rss+xml");
        }

        var many = SyntheticFeeds.Newest(content, site, 1, 100_000, 2500, 9).ToList();
        yield return ("synthetic/rss2500", Encoding.UTF8.GetBytes(SyntheticFeeds.Rss("Archive", site, many)), "application/rss+xml");
    }

    // string.GetHashCode differs between runs; the edit of a file must not.
    private static int StableSeed(string name)
    {
        var hash = 17;
        foreach (var c in name)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
