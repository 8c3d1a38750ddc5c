using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Fetch;
using Aggregator.Parse;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>
/// The corpus feeds that name no charset anywhere (no byte-order mark, no XML declaration encoding, no HTTP header)
/// and are not UTF-8: each must be read in the charset its suite expects (feedparser's chardet checks, Miniflux's
/// file names). The figure goes into tests/conformance-report.md.
/// </summary>
public sealed partial class CharsetDetectionReportTests(ITestOutputHelper output)
{
    public const string SectionKey = "parse-losses-3-charset";

    [Fact]
    public void UnlabelledNonUtf8CorpusFiles_AreReadInTheCharsetTheirSuiteExpects()
    {
        var expected = Expectations();
        var rows = new List<(string File, string? Expected, string Ours)>();
        foreach (var file in DifferentialTests.CorpusFiles())
        {
            var bytes = File.ReadAllBytes(file);
            if (!NamesNoCharset(bytes) || IsUtf8(bytes))
            {
                continue;
            }

            var relative = Path.GetRelativePath(TestPaths.Corpora, file);
            rows.Add((relative, expected.GetValueOrDefault(relative), BodyDecoder.Choose(bytes).Label));
        }

        var judged = rows.Where(r => r.Expected is not null).ToList();
        var right = judged.Count(r => CharsetNames.Same(r.Expected!, r.Ours));
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"unlabelled non-UTF-8 corpus files read in the charset their suite expects: {right}/{judged.Count} (target: all); {rows.Count - judged.Count} more without an expectation");
        ConformanceReport.WriteSection(SectionKey, Render(figure, rows));
        output.WriteLine(figure);
        Assert.NotEmpty(judged);
        Assert.True(right == judged.Count, figure + Environment.NewLine + string.Join(Environment.NewLine, judged.Select(r => $"{r.File}: expected {r.Expected}, read as {r.Ours}")));
    }

    // feedparser's chardet checks ("encoding == 'KOI8-R'") and Miniflux's no_encoding_<charset>.xml.
    private static Dictionary<string, string> Expectations()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Corpora, "feedparser", "checks.jsonl")))
        {
            using var row = JsonDocument.Parse(line);
            var r = row.RootElement;
            if (r.GetProperty("category").GetString() == "chardet" && r.GetProperty("checks") is { ValueKind: JsonValueKind.Array } checks)
            {
                foreach (var check in checks.EnumerateArray().Where(c => c.GetProperty("field").EnumerateArray().Select(f => f.ToString()).SequenceEqual(["encoding"])))
                {
                    expected[Path.Combine("feedparser", r.GetProperty("path").GetString()!)] = check.GetProperty("value").GetString()!;
                }
            }
        }

        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Corpora, "miniflux"), "no_encoding_*.xml", SearchOption.AllDirectories))
        {
            expected[Path.GetRelativePath(TestPaths.Corpora, file)] = Path.GetFileNameWithoutExtension(file)["no_encoding_".Length..];
        }

        return expected;
    }

    private static bool NamesNoCharset(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((byte[])[0xEF, 0xBB, 0xBF]) || span.StartsWith((byte[])[0xFF, 0xFE]) || span.StartsWith((byte[])[0xFE, 0xFF])
            || span.StartsWith((byte[])[0x00, 0x00]) || (span.Length > 1 && (span[0] == 0 || span[1] == 0)))
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        return !DeclaredEncoding().IsMatch(head) && !MetaCharset().IsMatch(head);
    }

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static string Render(string figure, List<(string File, string? Expected, string Ours)> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Charset detection: bodies that name no charset and are not UTF-8");
        sb.AppendLine();
        sb.AppendLine("Detected with UTF.Unknown over a 40 KiB window before the windows-1252 fallback (`Parse/CharsetDetection.cs`).");
        sb.AppendLine();
        sb.AppendLine("- " + figure);
        sb.AppendLine();
        sb.AppendLine("| file | expected | read as |");
        sb.AppendLine("|---|---|---|");
        foreach (var (file, expected, ours) in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| `{file}` | {expected ?? "—"} | {ours} |");
        }

        return sb.ToString();
    }

    [GeneratedRegex("""<\?xml[^>]*encoding\s*=""")]
    private static partial Regex DeclaredEncoding();

    [GeneratedRegex("""<meta[^>]+charset""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
