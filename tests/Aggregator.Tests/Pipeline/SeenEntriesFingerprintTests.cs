using System.Buffers;
using System.Text;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Parse;
using Aggregator.Pipeline;
using Aggregator.Tests.Parse;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// The fingerprint of an entry whose body the parser kept as UTF-8 is written from those bytes, undecoded, and is
/// byte for byte the JSON the generated contract writes for the same entry with its bodies as strings: fingerprints
/// are stored, so a change would make every entry of every outlet new once after an upgrade.
/// </summary>
public class SeenEntriesFingerprintTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    public void EveryInput_FingerprintsAsTheStringContract_WithoutDecodingAUtf8Body()
    {
        var (entries, utf8Bodies, differing) = (0, 0, new List<string>());
        foreach (var (name, body, contentType) in ParseOutputHashTests.Inputs())
        {
            if (FeedParser.Parse(body, Base, contentType).Feed is not { } feed)
            {
                continue;
            }

            foreach (var entry in feed.Entries)
            {
                entries++;
                var kept = entry.Utf8Content is not null || entry.Utf8Summary is not null;
                utf8Bodies += kept ? 1 : 0;
                var written = Written(w => SeenEntries.WriteEntry(w, entry));
                Assert.False(entry.Utf8Content?.IsDecoded ?? false, $"{name}: writing the fingerprint decoded the content");
                Assert.False(entry.Utf8Summary?.IsDecoded ?? false, $"{name}: writing the fingerprint decoded the summary");

                // As before: the generated contract, which reads the bodies as strings (decoding them here).
                var asStrings = Written(w => JsonSerializer.Serialize(w, entry, FeedEntryContract.Default.FeedEntry));
                var copy = entry with { Summary = entry.Summary, Content = entry.Content };
                Assert.Null(copy.Utf8Content);
                if (!written.SequenceEqual(asStrings) || !Written(w => SeenEntries.WriteEntry(w, copy)).SequenceEqual(asStrings))
                {
                    differing.Add(name);
                }
            }
        }

        output.WriteLine($"{entries} entries, {utf8Bodies} with a body kept as UTF-8");
        Assert.True(differing.Count == 0, $"{differing.Count} entries fingerprint otherwise (first in: {string.Join(", ", differing.Distinct().Take(10))})");
        // The harness's feeds alone hold thousands of CDATA bodies; the corpora hundreds more.
        Assert.True(utf8Bodies > 5000 && entries - utf8Bodies > 1000, $"{utf8Bodies} of {entries} entries kept a body as UTF-8: both kinds should be exercised");
    }

    [Fact]
    public void BodiesWithCharactersTheWriterEscapes_FingerprintAlike_AsUtf8AndAsStrings()
    {
        string[] bodies =
        [
            "<p>\"quoted\" and \\back\\slashed, a tab\tand a new\nline</p>",
            "<p>emoji 😀 and 𝔘 outside the BMP, U+2028 \u2028 and U+2029 \u2029, NBSP \u00A0, BOM \uFEFF mid-text</p>",
            "<p>é, 中文, עברית, ﷺ, \uFFFD (a replacement character written as such)</p>",
            "<script>alert('</script>') &amp; <b>&lt;</b></p>",
        ];
        foreach (var body in bodies)
        {
            var feed = ParseKit.Feed($"<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>https://e.example/a</link><description><![CDATA[{body}]]></description></item></channel></rss>");
            var entry = Assert.Single(feed.Entries);
            Assert.NotNull(entry.Utf8Summary);
            var written = Written(w => SeenEntries.WriteEntry(w, entry));
            var asStrings = Written(w => JsonSerializer.Serialize(w, entry with { Summary = entry.Summary }, FeedEntryContract.Default.FeedEntry));
            Assert.Equal(Encoding.UTF8.GetString(asStrings), Encoding.UTF8.GetString(written));
            Assert.Equal(body, entry.Summary);
        }
    }

    private static byte[] Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, SeenEntries.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
