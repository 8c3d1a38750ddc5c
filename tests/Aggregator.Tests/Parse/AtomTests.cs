using Aggregator.Model;
using Xunit;

namespace Aggregator.Tests.Parse;

public class AtomTests
{
    private static ParsedFeed Feed(string body, string feedAttributes = "") =>
        ParseKit.Feed($"<feed xmlns=\"http://www.w3.org/2005/Atom\" {feedAttributes}><title>IMT</title><author><name>Editors</name></author>{body}</feed>");

    private static FeedEntry Entry(string body, string entryAttributes = "") => Feed($"<entry {entryAttributes}>{body}</entry>").Entries[0];

    [Fact]
    public void Atom_HtmlContentEndingInANewline_IsKeptAsReadNotCopiedToBeTrimmed()
    {
        // 200 entries of 5,000 characters each, as a pretty-printed feed writes them: the text ends in a newline.
        var article = "<p>" + new string('x', 4993) + "</p>";
        var entries = string.Concat(Enumerable.Range(0, 200).Select(i => $"<entry><id>urn:{i}</id><content type=\"html\"><![CDATA[{article}\n]]></content></entry>\n"));
        var body = System.Text.Encoding.UTF8.GetBytes($"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>IMT</title>\n{entries}</feed>");
        var uri = new Uri("https://x.example/feed");
        Aggregator.Parse.FeedParser.Parse(body, uri);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var feed = Aggregator.Parse.FeedParser.Parse(body, uri).Feed!;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(article, feed.Entries[199].Content);
        // Each article's text must be made once (2 bytes a character), not joined with its newline and then trimmed
        // (three more copies): below 2.5 copies leaves room for everything else the entries hold.
        var oneCopy = 200L * article.Length * sizeof(char);
        Assert.True(allocated < oneCopy * 5 / 2, $"parsing allocated {allocated:N0} bytes, {(double)allocated / oneCopy:F1} copies of the articles' text");
    }

    [Fact]
    public void Atom_LinkWithoutRel_IsAlternate() =>
        Assert.Equal(new Uri("https://www.marxist.com/a.htm"), Entry("<link href=\"https://www.marxist.com/a.htm\"/>").Link);

    [Fact]
    public void Atom_AlternateHtml_WinsOverOtherTypes() =>
        Assert.Equal(new Uri("https://x.example/page"), Entry("<link rel=\"alternate\" type=\"application/pdf\" href=\"https://x.example/pdf\"/><link rel=\"alternate\" type=\"text/html\" href=\"https://x.example/page\"/>").Link);

    [Fact]
    public void Atom_EnclosureLinks_AreEnclosures()
    {
        var entry = Entry("<link rel=\"enclosure\" type=\"audio/mpeg\" length=\"1234\" href=\"https://x.example/a.mp3\"/>");

        Assert.Null(entry.Link);
        Assert.Equal(new Enclosure(new Uri("https://x.example/a.mp3"), "audio/mpeg", 1234), entry.Enclosures[0]);
    }

    [Fact]
    public void Atom_XmlBaseChain_ResolvesRelativeLinks()
    {
        var feed = ParseKit.Feed("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.marxist.com/a/">
              <entry xml:base="b/"><link xml:base="c/" href="d.htm"/><content type="html" xml:base="https://cdn.example/x/">&lt;img src="i.png"&gt;</content></entry>
            </feed>
            """);

        Assert.Equal(new Uri("https://www.marxist.com/a/b/c/d.htm"), feed.Entries[0].Link);
        Assert.Equal(new Uri("https://cdn.example/x/"), feed.Entries[0].BaseUri);
    }

    [Fact]
    public void Atom_RelativeXmlBase_ResolvesAgainstTheFetchUrl()
    {
        var feed = ParseKit.Feed("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"/news/\"><entry><link href=\"a\"/></entry></feed>");

        Assert.Equal(new Uri("https://example.org/news/a"), feed.Entries[0].Link);
    }

    [Fact]
    public void Atom_TextContent_IsEscapedToHtml() =>
        Assert.Equal("Guaidó &amp; the &lt;coup&gt;", Entry("<content type=\"text\">Guaidó &amp; the &lt;coup&gt;</content>").Content);

    [Fact]
    public void Atom_HtmlContent_IsTakenAsIs() =>
        Assert.Equal("<p>Guaidó</p>", Entry("<content type=\"html\">&lt;p&gt;Guaidó&lt;/p&gt;</content>").Content);

    [Fact]
    public void Atom_XhtmlContent_IsSerializedWithoutTheWrapperDiv() =>
        Assert.Equal("<p>One &amp; <b>two</b><br /></p>", Entry("<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One &amp; <b>two</b><br/></p></div></content>").Content);

    [Fact]
    public void Atom_HtmlTitle_IsPlainText() =>
        Assert.Equal("A <coup> & more", Entry("<title type=\"html\">&lt;i&gt;A&lt;/i&gt; &amp;lt;coup&amp;gt; &amp;amp; more</title>").Title);

    [Fact]
    public void Atom_HtmlTitle_WithMarkupInsideAttributes_KeepsOnlyText() =>
        Assert.Equal("Cat and dog", Entry("<title type=\"html\">&lt;img alt=\"cat&amp;lt;br /&amp;gt;dog\" src=\"x.jpg\" /&gt;Cat and dog</title>").Title);

    [Fact]
    public void Atom_EntryWithoutAuthor_InheritsTheFeedAuthor() => Assert.Equal("Editors", Entry("<title>t</title>").Author);

    [Fact]
    public void Atom_SourceAuthor_WinsOverTheFeedAuthor() =>
        Assert.Equal("Source Writer", Entry("<source><author><name>Source Writer</name></author></source>").Author);

    [Fact]
    public void Atom_AuthorParts_AreRead() =>
        Assert.Equal(new Person("Alan Woods", "alan@example.org", new Uri("https://www.marxist.com/alan")), Entry("<author><name>Alan Woods</name><email>alan@example.org</email><uri>https://www.marxist.com/alan</uri></author>").Authors[0]);

    [Fact]
    public void Atom_OnlyUpdated_IsAlsoThePublishedTime()
    {
        var entry = Entry("<updated>2019-02-16T10:00:00Z</updated>");

        Assert.Equal(entry.Updated, entry.Published);
    }

    [Fact]
    public void Atom_CategoryTerm_IsTheCategory() =>
        Assert.Equal(["venezuela", "Bolivarian Revolution"], Entry("<category term=\"venezuela\" label=\"Venezuela\"/><category label=\"Bolivarian Revolution\"/>").Categories);

    [Fact]
    public void Atom_FeedFields_SelfHubLogoRights()
    {
        var feed = Feed("<link rel=\"self\" href=\"https://x.example/atom\"/><link rel=\"hub\" href=\"https://hub.example/\"/><logo>/logo.png</logo><rights type=\"html\">&amp;copy; IMT</rights><id>urn:x</id>", "xml:lang=\"es\"");

        Assert.Equal(new Uri("https://x.example/atom"), feed.FeedUrl);
        Assert.Equal(new Uri("https://hub.example/"), feed.Hub);
        Assert.Equal(new Uri("https://example.org/logo.png"), feed.ImageUrl);
        Assert.Equal("© IMT", feed.Rights);
        Assert.Equal("urn:x", feed.Id);
        Assert.Equal("es", feed.Language);
    }

    [Fact]
    public void Atom03_EscapedAndBase64Modes_AreDecoded()
    {
        var feed = ParseKit.Feed("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old</title><tagline>Tag</tagline><modified>2004-01-01T00:00:00Z</modified>
              <entry>
                <title mode="escaped" type="text/html">&lt;b&gt;Bold&lt;/b&gt; title</title>
                <link rel="alternate" type="text/html" href="https://x.example/1"/>
                <issued>2004-01-02T00:00:00Z</issued><modified>2004-01-03T00:00:00Z</modified>
                <summary type="text/html" mode="base64">PHA+QmFzZTY0PC9wPg==</summary>
                <content type="text/html" mode="escaped">&lt;p&gt;Escaped&lt;/p&gt;</content>
              </entry>
            </feed>
            """);

        Assert.Equal("atom03", feed.Version);
        Assert.Equal("Tag", feed.Subtitle);
        var entry = feed.Entries[0];
        Assert.Equal("Bold title", entry.Title);
        Assert.Equal("<p>Base64</p>", entry.Summary);
        Assert.Equal("<p>Escaped</p>", entry.Content);
        Assert.Equal(new DateTimeOffset(2004, 1, 2, 0, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(new DateTimeOffset(2004, 1, 3, 0, 0, 0, TimeSpan.Zero), entry.Updated);
    }
}
