using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// System.ServiceModel.Syndication's reader against ours on every file of the three corpora, the same bytes to both:
/// the measured reason the aggregator reads feeds with its own reader while it writes Atom and RSS with that package.
/// </summary>
public static class SyndicationLoadComparison
{
    // The most it can be given without fetching anything: internal DTD subsets (and their entities) are parsed,
    // nothing outside the document is read, as our reader never does either.
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Parse,
        XmlResolver = null,
        MaxCharactersFromEntities = 1_000_000,
    };

    /// <summary>One corpus: files, and how many each reader read (for SyndicationFeed.Load, also with our item count).</summary>
    public sealed record Row(string Corpus, int Files, int Ours, int Theirs, int TheirsSameItems);

    /// <summary>Per corpus, then per dialect as our reader names it ("unread" when it read no feed).</summary>
    public sealed record Result(IReadOnlyList<Row> Corpora, IReadOnlyList<Row> Dialects);

    public static Result Measure()
    {
        var dialects = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        Row[] corpora =
        [
            Corpus("feedparser", FeedparserConformance.Root, path => FeedparserConformance.BaseFor(path, null), _ => true, dialects),
            Corpus("gofeed", GofeedConformance.Root, _ => GofeedConformance.Base, _ => true, dialects),
            // Its charset fixtures are not feeds (INDEX.tsv's root_element says which are).
            Corpus("miniflux", Path.Combine(TestPaths.Corpora, "miniflux"), _ => new Uri("https://example.org/feed"),
                cols => cols.Length > 2 && cols[2] is "rss" or "feed" or "rdf:RDF", dialects),
        ];
        return new Result(corpora, [.. dialects.Select(d => new Row(d.Key, d.Value[0], d.Value[1], d.Value[2], d.Value[3]))]);
    }

    /// <summary>The report's section: the table per corpus and per dialect.</summary>
    public static string Render() => Render(Measure());

    public static string Render(Result result)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("## SyndicationFeed.Load on the same files");
        sb.AppendLine();
        sb.AppendLine("System.ServiceModel.Syndication's reader (`SyndicationFeed.Load` over an `XmlReader` that parses internal DTDs");
        sb.AppendLine("and fetches nothing) against ours (`FeedParser.Parse`), given the same bytes of every feed file each corpus's INDEX.tsv lists.");
        sb.AppendLine("A file is read when a feed comes back (for `SyndicationFeed.Load`: when it does not throw); *same items* counts");
        sb.AppendLine("the files it read with as many items as ours. It writes our Atom and RSS; it does not read our inputs.");
        sb.AppendLine();
        Table(sb, "corpus", [.. result.Corpora, Total(result.Corpora)]);
        sb.AppendLine();
        sb.AppendLine("By dialect, as our reader names it (*unread*: ours read no feed):");
        sb.AppendLine();
        Table(sb, "dialect", result.Dialects);
        return sb.ToString();
    }

    private static Row Total(IReadOnlyList<Row> rows) =>
        new("all", rows.Sum(r => r.Files), rows.Sum(r => r.Ours), rows.Sum(r => r.Theirs), rows.Sum(r => r.TheirsSameItems));

    private static void Table(StringBuilder sb, string key, IEnumerable<Row> rows)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"| {key} | files | ours read | SyndicationFeed.Load read | same items |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Corpus} | {row.Files} | {row.Ours} ({Share(row.Ours, row.Files)}) | {row.Theirs} ({Share(row.Theirs, row.Files)}) | {row.TheirsSameItems} |");
        }
    }

    private static string Share(int part, int whole) =>
        (whole == 0 ? 1.0 : (double)part / whole).ToString("P1", CultureInfo.InvariantCulture);

    private static Row Corpus(string name, string root, Func<string, Uri> baseFor, Func<string[], bool> isFeed, SortedDictionary<string, int[]> dialects)
    {
        int files = 0, ours = 0, theirs = 0, same = 0;
        foreach (var line in File.ReadLines(Path.Combine(root, "INDEX.tsv")).Skip(1))
        {
            var cols = line.Split('\t');
            var path = cols[0];
            var file = Path.Combine(root, path);
            if (path.Length == 0 || !isFeed(cols) || !File.Exists(file))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            var feed = FeedParser.Parse(bytes, baseFor(path)).Feed;
            var loaded = TryLoad(bytes);
            files++;
            ours += feed is null ? 0 : 1;
            theirs += loaded is null ? 0 : 1;
            var sameItems = loaded is not null && loaded.Items.Count() == (feed?.Entries.Count ?? 0);
            same += sameItems ? 1 : 0;

            var dialect = feed?.Version ?? "unread";
            if (!dialects.TryGetValue(dialect, out var counts))
            {
                dialects[dialect] = counts = new int[4];
            }

            counts[0]++;
            counts[1] += feed is null ? 0 : 1;
            counts[2] += loaded is null ? 0 : 1;
            counts[3] += sameItems ? 1 : 0;
        }

        return new Row(name, files, ours, theirs, same);
    }

    private static SyndicationFeed? TryLoad(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = XmlReader.Create(stream, Settings);
            return SyndicationFeed.Load(reader);
        }
#pragma warning disable CA1031 // Whatever it throws on a file, the file counts as not read: that is the measurement.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
