using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>
/// Issue 23 (h52b): a packed summary or content is one format (0xB1, UTF-8 length, a Brotli stream) whatever quality
/// packed it, so values stored by earlier builds unpack here and values packed here unpack in earlier builds. Real text:
/// Mozilla Readability's expected article bodies (read in place from shared/corpora), whole and cut to feed-summary sizes.
/// </summary>
public sealed partial class PackedTextTests
{
    private const byte Format = 0xB1;

    [Fact]
    public void ValuesPackedByEarlierBuilds_UnpackToTheirText()
    {
        var texts = CorpusTexts();
        Assert.True(texts.Count > 500, $"only {texts.Count} corpus texts");
        foreach (var text in texts)
        {
            // Every build before h52b packed every text of 96 characters or more at quality 1, window 18.
            Assert.Equal(text, PackedText.Unpack(EarlierPacking(text, quality: 1)));
        }
    }

    [Fact]
    public void EveryPackedValue_IsTheOneFormat_ThatAnEarlierBuildsReaderDecodes()
    {
        var packedCount = 0;
        foreach (var text in CorpusTexts())
        {
            var stored = PackedText.Pack(text);
            if (stored is not byte[] packed)
            {
                Assert.Equal(text, stored);
                continue;
            }
            packedCount++;
            var utf8 = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Format, packed[0]);
            Assert.Equal(utf8.Length, BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(1)));
            Assert.True(packed.Length < utf8.Length, $"packed {packed.Length} bytes for a text of {utf8.Length}");
            // An earlier build's reader: the format byte, then BrotliDecoder on the rest into the recorded length.
            var back = new byte[utf8.Length];
            Assert.True(BrotliDecoder.TryDecompress(packed.AsSpan(5), back, out var written));
            Assert.Equal(utf8.Length, written);
            Assert.Equal(utf8, back);
            Assert.Equal(text, PackedText.Unpack(packed));
        }
        Assert.True(packedCount > 500, $"only {packedCount} corpus texts were packed");
    }

    [Fact]
    public void ShortTexts_StayText_AndShortPackedTexts_TakeTheQuickerQuality()
    {
        var justShort = new string('a', PackedText.MinLength - 1);
        Assert.Same(justShort, PackedText.Pack(justShort));
        Assert.IsType<byte[]>(PackedText.Pack(new string('a', PackedText.MinLength)));
        Assert.Equal(2, PackedText.QualityFor(PackedText.MinLength));
        Assert.Equal(2, PackedText.QualityFor(PackedText.ShortBytes));
        Assert.Equal(1, PackedText.QualityFor(PackedText.ShortBytes + 1));
    }

    /// <summary>
    /// The reason for quality 2 on short texts is CPU; this pins that it does not cost stored bytes: on the corpus's texts
    /// of every size that is packed now, what is stored is no larger in total than the earlier rule's (quality 1).
    /// </summary>
    [Fact]
    public void OnRealText_TheStoredBytes_AreNoMoreThanTheEarlierRules()
    {
        long now = 0, before = 0;
        foreach (var text in CorpusTexts().Where(t => t.Length >= PackedText.MinLength))
        {
            now += StoredBytes(PackedText.Pack(text));
            var earlier = EarlierPacking(text, quality: 1);
            before += Math.Min(earlier.Length, Encoding.UTF8.GetByteCount(text));
        }
        Assert.True(now <= before, $"{now:N0} bytes stored now against {before:N0} by the earlier rule");
    }

    private static long StoredBytes(object? stored) => stored switch
    {
        byte[] packed => packed.Length,
        string text => Encoding.UTF8.GetByteCount(text),
        _ => 0,
    };

    private static byte[] EarlierPacking(string text, int quality)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var packed = new byte[5 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        Assert.True(BrotliEncoder.TryCompress(utf8, packed.AsSpan(5), out var written, quality, 18));
        packed[0] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(1), utf8.Length);
        return packed[..(5 + written)];
    }

    /// <summary>Each expected article body whole, and its plain text cut at a word near feed-summary and short-content sizes.</summary>
    private static List<string> CorpusTexts()
    {
        var texts = new List<string>();
        var root = Path.Combine(TestPaths.Corpora, "readability");
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(folder, "expected.html");
            if (!File.Exists(file))
            {
                continue;
            }
            var html = File.ReadAllText(file);
            texts.Add(html);
            var plain = WebUtility.HtmlDecode(Spaces().Replace(Tags().Replace(html, " "), " ").Trim());
            foreach (var size in new[] { 100, 159, 160, 200, 300, 500, 800, 1000, 1100, 1600, 3000 })
            {
                if (plain.Length > size)
                {
                    var end = plain.LastIndexOf(' ', size);
                    texts.Add("<p>" + plain[..(end > size / 2 ? end : size)] + "</p>");
                }
            }
        }
        return texts;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
