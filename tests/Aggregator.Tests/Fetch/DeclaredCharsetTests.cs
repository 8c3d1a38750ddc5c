using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Tests.Parse;
using Xunit;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// The byte sniff against the rules it replaced: the regular expressions the decoder ran over the body's head read
/// as Latin-1 text, kept here as the reference, on every corpus file and on generated heads made of the pieces that
/// decide (declarations, meta tags, quotes, spaces including NEL and no-break space, stray '>').
/// </summary>
public partial class DeclaredCharsetTests
{
    [Fact]
    public void CorpusFiles_NameTheCharsetTheRegularExpressionsFound()
    {
        var files = FeedCorpus.Files()
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Corpora, "listings-dev"), "*", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.Corpora, "readability"), "*", SearchOption.AllDirectories))
            .ToList();
        var named = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var (xml, meta) = Reference(bytes);
            Assert.True(xml == DeclaredCharset.XmlDeclaration(bytes), $"{file}: XML declaration {xml}");
            Assert.True(meta == DeclaredCharset.HtmlMeta(bytes), $"{file}: meta charset {meta}");
            named += xml is not null || meta is not null ? 1 : 0;
        }

        // The corpora exercise both rules, not just their absence.
        Assert.True(named > 100, $"{named} of {files.Count} files name a charset");
    }

    [Fact]
    public void GeneratedHeads_NameTheCharsetTheRegularExpressionsFound()
    {
        string[] pieces =
        [
            "<?xml", " version=\"1.0\"", " encoding", "encoding", "=", " = ", "\"", "'", "utf-8", "ISO-8859-1", "koi8_r", "x:y.z",
            " ", "\t", "\n", "\u0085", "\u00A0", ">", "?>", "<html>", "<HTML lang=en>", "<meta", "<META", " charset", "CharSet",
            " http-equiv=\"Content-Type\" content=\"text/html;", "/>", "<rss>", "é", "\u001C", "<", "<?xml-stylesheet?>",
        ];
        var random = new Random(23);
        var differences = new List<string>();
        for (var n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(1, 14); k > 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var bytes = Encoding.Latin1.GetBytes(text.ToString());
            var (xml, meta) = Reference(bytes);
            if (xml != DeclaredCharset.XmlDeclaration(bytes) || meta != DeclaredCharset.HtmlMeta(bytes))
            {
                differences.Add($"{text}: expected {xml}/{meta}, got {DeclaredCharset.XmlDeclaration(bytes)}/{DeclaredCharset.HtmlMeta(bytes)}");
            }
        }

        Assert.Empty(differences.Take(5));
    }

    [Fact]
    public void Choose_OnAnOrdinaryFeed_MakesNoTextOfItsHead()
    {
        var item = "<item><title>Café “Coups”</title><description>" + string.Concat(Enumerable.Repeat("Words of an article. ", 100)) + "</description></item>";
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>" + string.Concat(Enumerable.Repeat(item, 50)) + "</channel></rss>");
        Assert.True(body.Length > 100_000);
        BodyDecoder.Choose(body, "application/rss+xml");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var charset = BodyDecoder.Choose(body, "application/rss+xml");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("utf-8", charset.Label);
        // A few small objects (the choice, its warnings); the head as text was 80 KB here.
        Assert.True(allocated < 4096, $"{allocated} bytes allocated");
    }

    private static (string? Xml, string? Meta) Reference(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, DeclaredCharset.HeadWindow));
        var xml = XmlDeclRegex().Match(head) is { Success: true } x && x.Groups["enc"].Success ? x.Groups["enc"].Value : null;
        var meta = head.Contains("<html", StringComparison.OrdinalIgnoreCase) && MetaCharsetRegex().Match(head) is { Success: true } m ? m.Groups["cs"].Value : null;
        return (xml, meta);
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<enc>[A-Za-z0-9._:\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclRegex();

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<cs>[A-Za-z0-9._:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetRegex();
}
