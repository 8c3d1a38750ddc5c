using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aggregator.Model;
using Aggregator.Parse;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// Mutation fuzzing of the reader from the corpora, with a fixed seed so a failure replays: byte flips,
/// insertions, deletions, repeated slices, splices between files, and markup that stresses the repairs
/// (unclosed CDATA, DOCTYPE subsets, entity storms, deep nesting, BOMs in the middle). Each case must come
/// back as a feed or a failure with a reason, inside a watchdog and an allocation budget.
/// </summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private const int Cases = 2000;
    private const int SeedFiles = 160;
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(10);
    private static readonly Uri Base = new("https://example.org/feed/");

    private static readonly string[] Tokens =
    [
        "<", ">", "&", "&#", "&#x", "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&#150;", "]]>", "<![CDATA[", "<!--", "-->",
        "</item>", "<item>", "</entry>", "<entry>", "<title>", "</title>", "<channel>", "</rss>", "</feed>",
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<?xml version=\"1.0\" encoding=\"koi8-r\"?>",
        "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>", "&a;&b;&b;&b;",
        "xml:base=\"../\"", "xml:base=\"javascript:alert(1)\"", " type=\"xhtml\"", " type=\"application/octet-stream\"", " mode=\"base64\"",
        "\uFEFF", "\0", "\u0085", "\uFFFE", "\"", "'", "{", "}", "[", "]", "\"items\":", "\"version\":\"https://jsonfeed.org/version/1.1\"",
    ];

    [Fact]
    [Trait("Category", "Slow")]
    public async Task MutatedCorpusFiles_AlwaysReturnAValueWithinTimeAndMemory()
    {
        var seeds = SeedInputs();
        var random = new Random(Seed);
        var slowest = TimeSpan.Zero;
        double worstAllocationRatio = 0;
        int feeds = 0, failures = 0;
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        for (var n = 0; n < Cases; n++)
        {
            var input = Mutate(seeds[random.Next(seeds.Count)], seeds, random);
            var watch = Stopwatch.StartNew();
            var contentType = random.Next(4) == 0 ? "text/xml; charset=windows-1251" : null;
            var (result, allocated) = await Guarded(input, contentType, $"case {n} (seed {Seed})");
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            var budget = 50L * input.Length + 16L * 1024 * 1024;
            worstAllocationRatio = Math.Max(worstAllocationRatio, (double)allocated / budget);
            Assert.True(allocated <= budget, $"case {n} (seed {Seed}) allocated {allocated} bytes for {input.Length} input bytes; input kept at {Keep(input, n)}");
            Assert.True(result.Feed is not null || !string.IsNullOrWhiteSpace(result.Error), $"case {n}: neither a feed nor a reason");
            Assert.False(result.Error?.Contains("internal error", StringComparison.Ordinal) ?? false, $"case {n} (seed {Seed}): {result.Error}; input kept at {Keep(input, n)}");
            if (result.Feed is { } feed)
            {
                feeds++;
                AssertSane(feed, n);
            }
            else
            {
                failures++;
                var reason = result.Error!.Split('(')[0].Trim();
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Cases} cases from {seeds.Count} corpus files in {total.Elapsed.TotalSeconds:F1} s: {feeds} feeds, {failures} failures with a reason; slowest {slowest.TotalMilliseconds:F0} ms; worst allocation {worstAllocationRatio:P0} of budget"));
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value).Take(10))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count} × {reason}"));
        }
    }

    [Fact]
    public async Task DeeplyNestedAndRepeatedMarkup_StaysWithinBudget()
    {
        var deep = "<rss><channel><item><title>" + string.Concat(Enumerable.Repeat("<b>", 100_000)) + "x</title></item></channel></rss>";
        var storm = "<!DOCTYPE rss [<!ENTITY a \"" + new string('a', 1000) + "\">]><rss><channel><item><title>" + string.Concat(Enumerable.Repeat("&a;", 20_000)) + "</title></item></channel></rss>";
        foreach (var text in new[] { deep, storm })
        {
            var input = Encoding.UTF8.GetBytes(text);
            var (result, allocated) = await Guarded(input, null, text[..40]);
            output.WriteLine($"{text[..60]}…: {input.Length} bytes, allocated {allocated}, {result.Error ?? "feed"} {string.Join("; ", result.Feed?.Warnings ?? [])}");

            Assert.True(allocated <= 50L * input.Length + 16L * 1024 * 1024, $"allocated {allocated}");
            Assert.True(result.Feed is not null || result.Error is not null);
        }
    }

    /// <summary>Parses on a worker thread under the watchdog; the allocation count is that thread's own.</summary>
    private static async Task<(ParseResult Result, long Allocated)> Guarded(byte[] input, string? contentType, string what)
    {
        var run = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = FeedParser.Parse(input, Base, contentType);
            return (result, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        try
        {
            return await run.WaitAsync(Watchdog);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} ran longer than {Watchdog.TotalSeconds} s; input kept at {Keep(input, what.GetHashCode(StringComparison.Ordinal))}");
            throw;
        }
    }

    private static void AssertSane(ParsedFeed feed, int n)
    {
        Assert.True(feed.Entries.Count <= FeedLimits.MaxEntries, $"case {n}: {feed.Entries.Count} entries");
        foreach (var entry in feed.Entries)
        {
            // The reader never hands on a link that runs code.
            Assert.False(entry.Link?.Scheme is "javascript" or "vbscript" or "data", $"case {n}: link {entry.Link}");
        }
    }

    private static List<byte[]> SeedInputs()
    {
        var files = new[] { "feedparser/wellformed", "feedparser/illformed", "feedparser/encoding", "feedparser/entities", "gofeed", "miniflux" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(TestPaths.Corpora, dir), "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal) && !f.EndsWith("LICENSE", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > SeedFiles, $"only {files.Count} corpus files");
        var step = files.Count / SeedFiles;
        return files.Where((_, i) => i % step == 0).Select(File.ReadAllBytes).ToList();
    }

    private static byte[] Mutate(byte[] original, List<byte[]> seeds, Random random)
    {
        var bytes = new List<byte>(original);
        var mutations = 1 + random.Next(8);
        for (var m = 0; m < mutations; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                    break;
                case 3 when bytes.Count > 0:
                    // A repeated slice: what a server stuck in a loop sends.
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(256));
                    var slice = bytes.GetRange(at, length);
                    for (var r = random.Next(1, 9); r > 0; r--)
                    {
                        bytes.InsertRange(at, slice);
                    }

                    break;
                case 4:
                    var other = seeds[random.Next(seeds.Count)];
                    var from = other.Length == 0 ? 0 : random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(1 + random.Next(512)));
                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 6:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<d>", random.Next(1, 400)))));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
            }
        }

        return [.. bytes];
    }

    private static string Keep(byte[] input, int n)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aggregator-fuzz-{Seed}-{n}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
