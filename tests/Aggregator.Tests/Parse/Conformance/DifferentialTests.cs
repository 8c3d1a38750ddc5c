using System.Globalization;
using System.Text;
using Aggregator.Parse;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// Every feed file of the corpora in ../shared/corpora, read by us and by python3-feedparser: the item counts must
/// be equal, or the file is listed with the reason we are right. The figure goes into tests/conformance-report.md.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DifferentialTests(ITestOutputHelper output)
{
    public const string SectionKey = "parse-losses-1-differential";

    // Files on which feedparser is wrong, each with why; a rule covers a whole kind of file.
    private static readonly Dictionary<string, string> Listed = new(StringComparer.Ordinal)
    {
        ["feedparser/illformed/rss_incomplete_cdata.xml"] =
            "the body ends inside its only item (in an unclosed `<![CD`): an entry cut off by the end of the body is dropped and counted as cut off, never stored damaged; feedparser keeps the fragment as an item",
    };

    private static string? ReasonWeDiffer(string file, int ours, int feedparser) => file switch
    {
        _ when feedparser < 0 => "feedparser raises an exception on it",
        _ when file.EndsWith(".json", StringComparison.Ordinal) && feedparser == 0 =>
            "feedparser 6 reads no JSON: JSON Feed files, and gofeed's expected-output JSON that happens to have JSON Feed's shape",
        _ => Listed.GetValueOrDefault(Path.GetRelativePath(TestPaths.Corpora, file)),
    };

    /// <summary>The feed files of the corpora: feedparser's, gofeed's and Miniflux's, read in place.</summary>
    public static List<string> CorpusFiles() =>
        FeedCorpus.Files().Where(f => f.StartsWith(TestPaths.Corpora, StringComparison.Ordinal)).ToList();

    [Fact]
    public void Differential_EveryCorpusFileHasFeedparsersItemCountOrIsListedWithAReason()
    {
        var files = CorpusFiles();
        var (version, counts) = FeedparserProcess.EntryCounts(files);
        int equal = 0;
        var listed = new List<(string File, int Ours, int Theirs, string Reason)>();
        var unexplained = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var ours = FeedParser.Parse(File.ReadAllBytes(files[i]), new Uri(files[i])).Feed?.Entries.Count ?? 0;
            if (ours == counts[i])
            {
                equal++;
            }
            else if (ReasonWeDiffer(files[i], ours, counts[i]) is { } reason)
            {
                listed.Add((files[i], ours, counts[i], reason));
            }
            else
            {
                unexplained.Add($"{Path.GetRelativePath(TestPaths.Corpora, files[i])}: ours {ours}, feedparser {counts[i]}");
            }
        }

        var figure = string.Create(CultureInfo.InvariantCulture,
            $"differential item counts vs feedparser {version}: {equal}/{files.Count} files equal, {listed.Count} listed with a reason, {unexplained.Count} unexplained (target: 0 unexplained)");
        ConformanceReport.WriteSection(SectionKey, Render(figure, listed, unexplained));
        output.WriteLine(figure);
        Assert.True(unexplained.Count == 0, figure + Environment.NewLine + string.Join(Environment.NewLine, unexplained));
    }

    private static string Render(string figure, List<(string File, int Ours, int Theirs, string Reason)> listed, List<string> unexplained)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Differential: item counts against feedparser");
        sb.AppendLine();
        sb.AppendLine("Every file of the feedparser, gofeed and Miniflux corpora, read by `FeedParser` and by python3-feedparser");
        sb.AppendLine("(run in the test): the counts must be equal, or the file is listed with the reason we are right.");
        sb.AppendLine();
        sb.AppendLine("- " + figure);
        foreach (var group in listed.GroupBy(l => l.Reason))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Listed ({group.Count()}): {group.Key}");
            sb.AppendLine();
            foreach (var (file, ours, theirs, _) in group)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- `{Path.GetRelativePath(TestPaths.Corpora, file)}`: ours {ours}, feedparser {theirs}");
            }
        }

        if (unexplained.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Unexplained (failing):");
            sb.AppendLine();
            unexplained.ForEach(u => sb.AppendLine("- `" + u + "`"));
        }

        return sb.ToString();
    }
}
