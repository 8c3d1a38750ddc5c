using System.Text;
using Aggregator.Fetch;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Fetch;

public class BodyDecoderTests
{
    private const string Doc = "<rss><channel><title>Café “Coups”</title></channel></rss>";

    [Fact]
    public void Utf8Bom_IsStripped_AndWins()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Doc)).ToArray();

        var decoded = BodyDecoder.Decode(bytes, "text/xml; charset=iso-8859-1");

        Assert.Equal(Doc, decoded.Text);
    }

    [Theory]
    [InlineData("utf-32")]
    [InlineData("UTF-32LE")]
    [InlineData("utf-32be")]
    [InlineData("utf-16")]
    [InlineData("utf-16le")]
    [InlineData("unicodeFFFE")]
    public void WideCharsetNamedOverBytesWithNoZero_IsIgnored_WithAWarning(string label)
    {
        // A server or a copied prolog names UTF-16/32 over a UTF-8 body: read as named, the feed became "not a feed".
        var fromHeader = BodyDecoder.Decode(Encoding.UTF8.GetBytes(Doc), $"application/rss+xml; charset={label}");
        var fromProlog = BodyDecoder.Decode(Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"{label}\"?>" + Doc));

        Assert.Equal(Doc, fromHeader.Text);
        Assert.Equal("utf-8", fromHeader.Charset);
        Assert.Contains(fromHeader.Warnings, w => w.Contains(label, StringComparison.Ordinal) && w.Contains("does not fit", StringComparison.Ordinal));
        Assert.EndsWith(Doc, fromProlog.Text, StringComparison.Ordinal);
        Assert.Equal("utf-8", fromProlog.Charset);
    }

    [Fact]
    public void Utf16WithoutAByteOrderMark_NamedByTheHeader_IsStillReadAsUtf16()
    {
        var decoded = BodyDecoder.Decode(Encoding.Unicode.GetBytes(Doc), "text/xml; charset=utf-16le");

        Assert.Equal(Doc, decoded.Text);
    }

    [Theory]
    [InlineData("valid", true)]
    [InlineData("declared-latin1-but-utf8", true)]
    [InlineData("bom", false)]
    [InlineData("stray-byte", false)]
    [InlineData("windows-1252", false)]
    public void CheckedUtf8_IsClaimedOnlyWhenTheWholeBodyWasCheckedAsUtf8(string kind, bool claimed)
    {
        // The byte reader skips its own UTF-8 check on this word: a wrong "true" would let invalid bytes through.
        byte[] bytes = kind switch
        {
            "valid" => Encoding.UTF8.GetBytes(Doc),
            "declared-latin1-but-utf8" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>" + Doc),
            "bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Doc)],
            "stray-byte" => [.. Encoding.UTF8.GetBytes(Doc), 0x93],
            _ => BodyDecoder.Windows1252.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + Doc),
        };

        Assert.Equal(claimed, BodyDecoder.Choose(bytes).CheckedUtf8);
    }

    [Theory]
    [InlineData("utf-16LE")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32LE")]
    [InlineData("utf-32BE")]
    public void Utf16And32_WithBom_Decode(string name)
    {
        var encoding = Encoding.GetEncoding(name);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Doc)).ToArray();

        Assert.Equal(Doc, BodyDecoder.Decode(bytes).Text);
    }

    [Fact]
    public void Utf16_WithoutBom_IsRecognisedFromTheFirstCharacter() =>
        Assert.Equal(Doc, BodyDecoder.Decode(Encoding.Unicode.GetBytes(Doc)).Text);

    [Fact]
    public void XmlDeclarationEncoding_IsObeyed()
    {
        var doc = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Café</t>";

        var decoded = BodyDecoder.Decode(Encoding.Latin1.GetBytes(doc));

        Assert.Contains("Café", decoded.Text, StringComparison.Ordinal);
        Assert.Equal("iso-8859-1", decoded.Charset);
    }

    [Fact]
    public void ContentTypeCharset_IsUsed_WithoutDeclaration()
    {
        var koi8 = BodyDecoder.GetEncodingOrNull("koi8-r")!;

        var decoded = BodyDecoder.Decode(koi8.GetBytes("<t>Привет мир</t>"), "application/rss+xml; charset=\"KOI8-R\"");

        Assert.Equal("<t>Привет мир</t>", decoded.Text);
    }

    [Fact]
    public void ContentTypeUtf8_OverBytesThatAreNot_FallsBackToTheDeclaration()
    {
        var cp1251 = BodyDecoder.GetEncodingOrNull("windows-1251")!;
        var bytes = cp1251.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Пример</t>");

        Assert.Contains("Пример", BodyDecoder.Decode(bytes, "text/xml; charset=utf-8").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ContentTypeCharset_OverridesTheDeclaration_AsRfc7303Says()
    {
        var koi8 = BodyDecoder.GetEncodingOrNull("koi8-r")!;
        var bytes = koi8.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Пример</t>");

        var decoded = BodyDecoder.Decode(bytes, "application/rss+xml; charset=koi8-r");

        Assert.Equal("koi8-r", decoded.Charset);
        Assert.Contains("Пример", decoded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDefaultLatin1Charset_DoesNotOverrideADeclaredCharset()
    {
        var cp1251 = BodyDecoder.GetEncodingOrNull("windows-1251")!;
        var bytes = cp1251.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Пример</t>");

        Assert.Contains("Пример", BodyDecoder.Decode(bytes, "text/xml; charset=ISO-8859-1").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gb2312Label_IsReadAsGb18030()
    {
        var gb18030 = BodyDecoder.GetEncodingOrNull("gb18030")!;
        var bytes = gb18030.GetBytes("<?xml version=\"1.0\" encoding=\"gb2312\"?><t>中文 𠀀</t>");

        var decoded = BodyDecoder.Decode(bytes);

        Assert.Equal("gb18030", decoded.Charset);
        Assert.Contains("中文 𠀀", decoded.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_FallsBackToWindows1252()
    {
        var bytes = BodyDecoder.Windows1252.GetBytes("<t>“Coups” – café</t>");

        var decoded = BodyDecoder.Decode(bytes);

        Assert.Equal("<t>“Coups” – café</t>", decoded.Text);
        Assert.NotEmpty(decoded.Warnings);
    }

    [Fact]
    public void MostlyUtf8_WithOneBadByte_StaysUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<t>“Coups” – Guaidó</t>").Append((byte)0xFF).ToArray();

        Assert.StartsWith("<t>“Coups” – Guaidó</t>", BodyDecoder.Decode(bytes).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1Text_ThatHappensToHoldOneUtf8LikePair_IsStillLatin1()
    {
        // "é«" in Latin-1 is C3 AB, a valid UTF-8 sequence by accident; the other accents are not.
        var bytes = Encoding.Latin1.GetBytes("<t>Ã« café crème à côté</t>");

        Assert.Equal("<t>Ã« café crème à côté</t>", BodyDecoder.Decode(bytes).Text);
    }

    [Fact]
    public void DeclaredLegacyCharset_ButUtf8Bytes_IsReadAsUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Café</t>");

        Assert.Contains("Café", BodyDecoder.Decode(bytes).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDeclaredCharset_FallsThroughToUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"bogus\"?><t>Café</t>");

        var decoded = BodyDecoder.Decode(bytes);

        Assert.Contains("Café", decoded.Text, StringComparison.Ordinal);
        Assert.Contains(decoded.Warnings, w => w.Contains("bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void HtmlMetaCharset_IsUsed()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"></head><body>Café</body></html>");

        Assert.Contains("Café", BodyDecoder.Decode(bytes).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/xml; charset=utf-8", "utf-8")]
    [InlineData("text/xml;charset=\"ISO-8859-1\"", "ISO-8859-1")]
    [InlineData("text/xml", null)]
    [InlineData(null, null)]
    public void ContentTypeCharset_IsExtracted(string? header, string? expected) =>
        Assert.Equal(expected, BodyDecoder.ContentTypeCharset(header));

    public static TheoryData<string, string> MinifluxEncodingFiles() => new()
    {
        { "encoding/iso-8859-1.xml", "Café" },
        { "encoding/utf8.xml", "Café" },
        { "encoding/utf8-incorrect-prolog.xml", "Café" },
        { "encoding/invalid-prolog.xml", "Café" },
        { "encoding/windows-1252.xml", "Euro €" },
        { "encoding/windows-1252-incorrect-prolog.xml", "Euro €" },
        { "encoding/koi8r.xml", "Пример RSS ленты" },
        { "encoding/iso-8859-1-meta-after-1024.html", "Café" },
        { "encoding/utf8-meta-after-1024.html", "Café" },
        { "xml/iso88591.xml", "Anaïs" },
    };

    [Theory]
    [MemberData(nameof(MinifluxEncodingFiles))]
    public void MinifluxEncodingCorpus_DecodesToTheExpectedText(string path, string expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.Corpora, "miniflux", path));

        Assert.Contains(expected, BodyDecoder.Decode(bytes).Text, StringComparison.Ordinal);
    }

    // The sequences a UTF-8 validator may get wrong: overlong forms, surrogates, code points past U+10FFFF, bytes that
    // never occur, lone continuations and sequences cut short (also at the very end), beside valid 2-, 3- and 4-byte ones.
    private static readonly byte[][] Utf8Traps =
    [
        [0xC3, 0xA9], [0xE2, 0x80, 0x9C], [0xF0, 0x9F, 0x98, 0x80], [0xC2, 0x80], [0xDF, 0xBF], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8], [0xFE], [0xFF],
        [0x80], [0xBF], [0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x41, 0x9C], [0xF0, 0x9F, 0x41, 0x80],
        [0x93], [0xE9],
    ];

    [Fact]
    public void CheckedUtf8_AgreesWithTheStrictDecoder_OverGeneratedTraps()
    {
        // The validation once ran through the throwing decoder; it is the oracle here, over bodies that name no charset
        // (so the answer is the validation's alone), with each trap at the start, in the middle and at the very end.
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var random = new Random(23);
        var checkedBodies = 0;
        var validBodies = 0;
        for (var round = 0; round < 3000; round++)
        {
            var body = new List<byte>();
            body.AddRange("<rss><channel><title>"u8.ToArray());
            for (var piece = random.Next(1, 6); piece > 0; piece--)
            {
                // Mostly valid pieces, so that whole valid bodies come up often enough to be checked too.
                var trap = Utf8Traps[random.Next(random.Next(4) == 0 ? Utf8Traps.Length : 7)];
                body.AddRange(trap);
                body.AddRange(Encoding.ASCII.GetBytes(new string('a', random.Next(0, 70))));
            }

            if (random.Next(3) == 0)
            {
                body.AddRange(Utf8Traps[random.Next(Utf8Traps.Length)]);
            }

            var bytes = body.ToArray();
            bool valid;
            try
            {
                _ = strict.GetCharCount(bytes);
                valid = true;
            }
            catch (DecoderFallbackException)
            {
                valid = false;
            }

            var charset = BodyDecoder.Choose(bytes);
            Assert.True(valid == charset.CheckedUtf8, $"round {round}: strict decoder says {valid}, Choose says {charset.CheckedUtf8}: {Convert.ToHexString(bytes)}");
            checkedBodies++;
            validBodies += valid ? 1 : 0;
        }

        Assert.InRange(validBodies, checkedBodies / 10, checkedBodies - checkedBodies / 10);
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData(" \"iso-8859-1\" ")]
    [InlineData("KOI8-R")]
    [InlineData("latin1")]
    [InlineData("no-such-charset")]
    public void GetEncodingOrNull_AskedAgain_GivesTheFirstAnswer(string label)
    {
        // Labels are remembered once looked up: the second answer must be the first's, a null one too.
        var first = BodyDecoder.GetEncodingOrNull(label);
        var again = BodyDecoder.GetEncodingOrNull(label);

        Assert.Equal(first?.CodePage, again?.CodePage);
        Assert.Equal(label == "no-such-charset", first is null);
    }
}
