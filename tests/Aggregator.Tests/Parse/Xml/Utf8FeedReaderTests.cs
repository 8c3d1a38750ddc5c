using System.Text;
using System.Xml;
using Aggregator.Parse;
using Aggregator.Parse.Xml;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse.Xml;

/// <summary>
/// The UTF-8 byte reader must build exactly the tree XmlReader builds, whenever it reads a document at all, and must
/// leave to XmlReader everything it does not read the same way. Trees are compared whole, text pieces included.
/// </summary>
public class Utf8FeedReaderTests(ITestOutputHelper output)
{
    private const int MaxEntries = FeedLimits.MaxEntries;

    [Fact]
    [Trait("Category", "Slow")]
    public void CorpusFeeds_BuildTheTreeXmlReaderBuilds()
    {
        var files = FeedCorpus.Files();
        var read = 0;
        foreach (var file in files)
        {
            var body = File.ReadAllBytes(file);
            if (Utf8Tree(body) is { } tree)
            {
                read++;
                Assert.True(ReaderTree(body) == tree, $"{file}: the byte reader's tree differs from XmlReader's");
            }
        }

        output.WriteLine($"{read} of {files.Count} corpus files read by the byte reader");
        // Most well-formed UTF-8 feeds must take it, or this test proves little.
        Assert.True(read > files.Count / 4, $"only {read} of {files.Count} read by the byte reader");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MutatedCorpusFeeds_BuildTheTreeXmlReaderBuilds_OrAreLeftToIt()
    {
        var seeds = FeedCorpus.Files().Where((_, i) => i % 7 == 0).Select(File.ReadAllBytes).Where(b => b.Length > 0).ToList();
        var random = new Random(20261203);
        var read = 0;
        for (var n = 0; n < 2000; n++)
        {
            var body = random.Next(2) == 0 ? FeedCorpus.Mutate(seeds[random.Next(seeds.Count)], random) : Mutate(seeds[random.Next(seeds.Count)], random);
            if (Utf8Tree(body) is { } tree)
            {
                read++;
                Assert.True(ReaderTree(body) == tree, $"case {n}: the byte reader's tree differs from XmlReader's\n{Encoding.UTF8.GetString(body)}");
            }
        }

        output.WriteLine($"{read} of 2000 mutated feeds read by the byte reader");
        Assert.True(read > 300, $"only {read} mutated feeds read by the byte reader");
    }

    [Theory]
    [InlineData("<title>a\r\nb\rc</title><description><![CDATA[x\r\ny\r]]></description>")]
    [InlineData("<link href=\"a\r\nb\tc\nd\rIe\" title=\"&#10;&#13;&#9;kept\"/>")]
    [InlineData("<title>&lt;b&gt; &amp; &quot;q&quot; &apos;s&apos; &#150; &#x1F600; &#0065;</title>")]
    [InlineData("<title>a<!-- note -->b<?pi data?>c<![CDATA[d]]>e</title>")]
    [InlineData("<title>\u00A0\u2003 spaced \u3000\n</title><description>\t \n</description>")]
    [InlineData("<title><![CDATA[]]></title><guid></guid><empty/>")]
    [InlineData("<dc:creator xml:lang=\"en\" xml:space=\"preserve\" xml:base=\"/a/\">Jo</dc:creator>")]
    [InlineData("<p:x p:a=\"1\" xmlns:p=\"urn:p\"><y xmlns=\"\">z</y></p:x>")]
    [InlineData("<link rel='alternate'   href = \"x\" />")]
    // End tags with blanks before their ">", beside ones without, in an entry's children and one level down.
    [InlineData("<title>a</title >\n<dc:creator>b</dc:creator\r\n\t><author><name>c</name ></author\n><guid>d</guid>")]
    [InlineData("<description>a &gt; b ]] c</description>")]
    // Names of one length and the same first and last byte share a slot of the reader's name cache: each must
    // still read as itself, with its own prefix and local name, as element and as attribute.
    [InlineData("<title>a</title><tItle>b</tItle><t:tle xmlns:t=\"urn:t\" tiTle=\"1\" t:tle=\"2\">c</t:tle><title tItle=\"3\">d</title><tItle>e</tItle>")]
    // Likewise names whose bytes hash alike ("Aa" and "BB": 'A' * 31 + 'a' == 'B' * 31 + 'B'), the slot's key now,
    // and a third ("xAb", one more) for the same pair of slots.
    [InlineData("<xAa>a</xAa><xBB>b</xBB><xAb>f</xAb><t:Aa xmlns:t=\"urn:t\" BB=\"1\" t:BB=\"2\">c</t:Aa><xAa xBB=\"3\" xAb=\"4\">d</xAa><xBB>e</xBB><xAb/>")]
    public void WellFormedItem_BuildsTheTreeXmlReaderBuilds(string itemXml)
    {
        var body = Encoding.UTF8.GetBytes(Rss(itemXml));

        var tree = Utf8Tree(body);

        Assert.NotNull(tree);
        Assert.Equal(ReaderTree(body), tree);
    }

    /// <summary>
    /// The builder remembers what each prefix stands for until an element declares one: a rebinding inside an element
    /// holds there only, and the outer binding is back after it, on both roads (they share the builder, so the
    /// namespaces are checked as written, not only one road against the other).
    /// </summary>
    [Fact]
    public void PrefixRebound_InAnElement_HoldsInItOnly()
    {
        var body = Encoding.UTF8.GetBytes(Rss(
            "<dc:creator>a</dc:creator><x xmlns:dc=\"urn:other\" xmlns=\"urn:d\"><dc:creator>b</dc:creator><y/></x><dc:creator>c</dc:creator><y/>"));

        foreach (var tree in new[] { Utf8Tree(body), ReaderTree(body) })
        {
            Assert.NotNull(tree);
            var lines = tree.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Equal(2, lines.Count(l => l == "<dc:creator {http://purl.org/dc/elements/1.1/}creator>"));
            Assert.Equal(1, lines.Count(l => l == "<dc:creator {urn:other}creator>"));
            Assert.Equal(1, lines.Count(l => l == "<y {urn:d}y>"));
            Assert.Equal(1, lines.Count(l => l == "<y {}y>"));
        }
    }

    [Theory]
    [InlineData("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!-- c --><?style x?>")]
    [InlineData("<?xml version=\"1.0\"?>")]
    public void Prolog_IsReadAsXmlReaderReadsIt(string prolog)
    {
        var body = Encoding.UTF8.GetBytes(prolog + Rss("<title>x</title>") + "\n<!-- after -->\n");

        Assert.NotNull(Utf8Tree(body));
        Assert.Equal(ReaderTree(body), Utf8Tree(body));
    }

    [Theory]
    [InlineData("<title>caf&eacute;</title>")]
    [InlineData("<title>a ]]> b</title>")]
    [InlineData("<title>x</title><!-- a -- b -->")]
    [InlineData("<title a=\"1\" a=\"2\">x</title>")]
    [InlineData("<media:title>undeclared prefix</media:title>")]
    [InlineData("<title>\u0096 C1 as written</title>")]
    [InlineData("<títle>non-ASCII name</títle>")]
    [InlineData("<title xml:space=\"other\">x</title>")]
    [InlineData("<title>&#1;</title>")]
    [InlineData("<title>&#xD800;</title>")]
    [InlineData("<title a=\"<\">x</title>")]
    [InlineData("<title a=\"1\"b=\"2\">x</title>")]
    [InlineData("<p:t xmlns:p=\"\">x</p:t>")]
    [InlineData("<a:t xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" a:k=\"1\" b:k=\"2\">x</a:t>")]
    public void AnythingOutsideTheSubset_IsLeftToXmlReader(string itemXml)
    {
        Assert.Null(Utf8Tree(Encoding.UTF8.GetBytes(Rss(itemXml))));
    }

    [Theory]
    [InlineData("<!DOCTYPE rss>")]
    [InlineData("<?xml version=\"1.1\"?>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"windows-1252\"?>")]
    [InlineData(" <?xml version=\"1.0\"?>")]
    public void PrologOutsideTheSubset_IsLeftToXmlReader(string prolog)
    {
        Assert.Null(Utf8Tree(Encoding.UTF8.GetBytes(prolog + Rss("<title>x</title>"))));
    }

    [Theory]
    [InlineData("<title>x</titlex>")]
    [InlineData("<title>x</titl>")]
    [InlineData("<title>x</title/>")]
    [InlineData("<title>x</Title>")]
    [InlineData("<author><name>x</namex></author>")]
    [InlineData("<title>x</title><guid>y</guidx>")]
    public void EndTagThatIsNotTheOpenName_IsLeftToXmlReader(string itemXml)
    {
        // The open name and then ">" closes at once; an end tag that only starts with that name must not.
        Assert.Null(Utf8Tree(Encoding.UTF8.GetBytes(Rss(itemXml))));
    }

    [Theory]
    [InlineData("<rss><channel></channel></rss")]
    [InlineData("<rss><channel></channelx></rss>")]
    [InlineData("<rss><channel></channel></rssx>")]
    [InlineData("<rss><channel></channel></rss><rss/>")]
    [InlineData("<rss><channel></channel></rss>text")]
    [InlineData("<rss><channel></channel>")]
    [InlineData("<rss></channel></rss>")]
    public void DocumentNotWellFormed_IsLeftToXmlReader(string xml)
    {
        Assert.Null(Utf8Tree(Encoding.UTF8.GetBytes(xml)));
    }

    [Fact]
    public void ElementWithVeryManyAttributes_IsLeftToXmlReader()
    {
        // Duplicate attributes are looked for one by one here: a hostile element must not make that quadratic.
        static string Attributes(int count) => string.Concat(Enumerable.Range(0, count).Select(i => $" a{i}=\"\""));

        Assert.Null(Utf8Tree(Encoding.UTF8.GetBytes(Rss($"<title{Attributes(100_000)}>x</title>"))));
        Assert.NotNull(Utf8Tree(Encoding.UTF8.GetBytes(Rss($"<title{Attributes(20)}>x</title>"))));
    }

    [Fact]
    public void MoreEntriesThanKept_IsLeftToXmlReader()
    {
        var items = string.Concat(Enumerable.Range(0, 5).Select(i => $"<item><title>{i}</title></item>"));
        var body = Encoding.UTF8.GetBytes($"<rss><channel>{items}</channel></rss>");

        Assert.Null(Utf8FeedReader.TryRead(body, 0, checkedUtf8: false, 3, null));
        Assert.NotNull(Utf8FeedReader.TryRead(body, 0, checkedUtf8: false, 5, null));
    }

    [Fact]
    public void SmallFeed_CostsLittleMoreThanItsElementsAndText()
    {
        // Every fetched feed builds one tree: what the builder sets up for a reader it does not use (XmlReader's
        // text buffer, 8 KB) was half of what a one-item feed's tree allocated.
        var body = Encoding.UTF8.GetBytes(Rss("<title>One</title><link>https://example.org/1</link><description>short</description>"));
        Utf8FeedReader.TryRead(body, 0, checkedUtf8: true, MaxEntries, null);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var tree = Utf8FeedReader.TryRead(body, 0, checkedUtf8: true, MaxEntries, null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(tree);
        // About 17 KB with the buffer, 9 KB without it.
        Assert.True(allocated < 12 * 1024, $"a one-item feed's tree allocated {allocated:N0} bytes");
    }

    [Fact]
    public void BigFeed_ReusesTheElementsOfMappedEntries()
    {
        // Entries handed back (the callback answers true) are emptied, and their children built into later entries.
        var items = string.Concat(Enumerable.Range(0, 50).Select(i => $"<item><title>{i}</title><link>https://a.example/{i}</link></item>"));
        var body = Encoding.UTF8.GetBytes($"<rss><channel>{items}</channel></rss>");
        var titles = new List<string>();

        var tree = Utf8FeedReader.TryRead(body, 0, checkedUtf8: false, MaxEntries, item =>
        {
            titles.Add(item.Child("", "title")!.Text);
            return true;
        });

        Assert.NotNull(tree);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), titles);
        Assert.All(tree.Root!.Child("", "channel")!.Elements, item => Assert.Equal(0, item.NodeCount));
    }

    private static string Rss(string itemXml) => $"""
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Coups</title>
        <link>https://example.org/</link><item>{itemXml}</item></channel></rss>
        """;

    private static int Skip(byte[] body) => body.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;

    private static string? Utf8Tree(byte[] body) =>
        Utf8FeedReader.TryRead(body, Skip(body), checkedUtf8: false, MaxEntries, null) is { Root: { } root } ? Dump(root) : null;

    private static string? ReaderTree(byte[] body)
    {
        using var stream = new MemoryStream(body, Skip(body), body.Length - Skip(body));
        return FeedXmlReader.TryReadWellFormed(() => XmlReader.Create(stream, WellFormedFeed.ReaderSettings), MaxEntries) is { Root: { } root } ? Dump(root) : null;
    }

    /// <summary>Every element, attribute and text piece, with where each piece starts and ends.</summary>
    private static string Dump(FeedElement root)
    {
        var sb = new StringBuilder();
        Write(root, sb, 0);
        return sb.ToString();
    }

    private static void Write(FeedElement e, StringBuilder sb, int depth)
    {
        sb.Append(' ', depth).Append('<').Append(e.Name).Append(" {").Append(e.Namespace).Append('}').Append(e.LocalName);
        if (e.DeclaredDefaultNamespace is { } declared)
        {
            sb.Append(" default=").Append(declared);
        }

        foreach (var a in e.Attributes)
        {
            sb.Append(" {").Append(a.Namespace).Append('}').Append(a.LocalName).Append("=«").Append(a.Value).Append('»');
        }

        sb.Append(">\n");
        foreach (var node in e.Nodes)
        {
            if (node is FeedElement child)
            {
                Write(child, sb, depth + 1);
            }
            else
            {
                sb.Append(' ', depth + 1).Append('«').Append((string)node).Append("»\n");
            }
        }
    }

    // Edits aimed at what the byte reader reads itself: line ends, references, attributes, comments, names.
    private static byte[] Mutate(byte[] original, Random random)
    {
        string[] edits = ["\r\n", "\r", "&#10;", "&#x9;", "&#13;", "&quot;", "&apos;", "&#xFFFE;", "&#xD7FF;", "\t", "<!---->", "<?x y?>",
            "<![CDATA[\r\n]]>", "\u00A0", "\u2028", "\u0085", "x=\"1\"", " x='a\tb'", " xml:lang=\"fr\"", " xmlns:q=\"urn:q\"", "<q:e/>", "]]",
            "--", "<a/>", "</a>", "&#xFFFF;", "&#0;", "\u00AD", "&x;"];
        var bytes = new List<byte>(original);
        for (var m = 1 + random.Next(3); m > 0 && bytes.Count > 0; m--)
        {
            var at = random.Next(bytes.Count);
            var insert = Encoding.UTF8.GetBytes(edits[random.Next(edits.Length)]);
            // Half of them just inside a tag, where attribute edits land, the rest anywhere.
            var tag = bytes.IndexOf((byte)'<', at);
            var space = tag < 0 ? -1 : bytes.FindIndex(tag, b => b is (byte)' ' or (byte)'>');
            bytes.InsertRange(random.Next(2) == 0 && space > 0 ? space : at, insert);
        }

        return [.. bytes];
    }
}
