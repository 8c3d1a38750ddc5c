using System.Text;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Parse.Xml;
using Xunit;

namespace Aggregator.Tests.Parse.Xml;

/// <summary>
/// The byte reader's names are kept on the thread from one document to the next: the same name must come back
/// for the next document, what is no name must stay refused, a table of made-up names must not be kept, and
/// nothing a document binds (a prefix's namespace) may travel with a name to the next one.
/// </summary>
public class KnownNamesTests
{
    [Fact]
    public void Find_GivesTheNextDocumentOnTheThreadTheSameName()
    {
        var first = KnownNames.Rent();
        var creator = first.Find("dc:creator"u8);
        first.Return();

        var second = KnownNames.Rent();
        var again = second.Find("dc:creator"u8);
        second.Return();

        Assert.NotNull(creator);
        Assert.Same(creator, again);
        Assert.Equal(("dc", "creator"), again!.Split);
        Assert.Equal("dc:creator", again.Name);
    }

    [Theory]
    [InlineData("title", "", "title")]
    [InlineData("_x", "", "_x")]
    [InlineData("a-b.c9", "", "a-b.c9")]
    [InlineData("media:content", "media", "content")]
    [InlineData("x:_", "x", "_")]
    public void Find_SplitsANameAtItsColon(string name, string prefix, string local)
    {
        var names = KnownNames.Rent();
        var known = names.Find(Encoding.ASCII.GetBytes(name));
        names.Return();

        Assert.NotNull(known);
        Assert.Equal(name, known.Name);
        Assert.Equal((prefix, local), known.Split);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":a")]
    [InlineData("a:")]
    [InlineData("a:b:c")]
    [InlineData("1a")]
    [InlineData("-a")]
    [InlineData("a b")]
    [InlineData("a<b")]
    [InlineData("caf\u00e9")]
    public void Find_RefusesWhatIsNoAsciiXmlName(string text)
    {
        var names = KnownNames.Rent();
        // Asked twice: a refused name must not be remembered as known either.
        var first = names.Find(Encoding.UTF8.GetBytes(text));
        var second = names.Find(Encoding.UTF8.GetBytes(text));
        names.Return();

        Assert.Null(first);
        Assert.Null(second);
    }

    [Fact]
    public void Find_TakesNamesUpTo128Bytes()
    {
        var names = KnownNames.Rent();
        var longest = names.Find(Encoding.ASCII.GetBytes(new string('n', 128)));
        var tooLong = names.Find(Encoding.ASCII.GetBytes(new string('n', 129)));
        names.Return();

        Assert.NotNull(longest);
        Assert.Null(tooLong);
    }

    [Fact]
    public void ATableOfMadeUpNames_IsNotKeptForTheNextDocument()
    {
        var names = KnownNames.Rent();
        var first = names.Find("made0"u8);
        for (var i = 1; i < 1000; i++)
        {
            Assert.NotNull(names.Find(Encoding.ASCII.GetBytes($"made{i}")));
        }

        names.Return();

        var next = KnownNames.Rent();
        var again = next.Find("made0"u8);
        next.Return();
        Assert.NotNull(again);
        Assert.NotSame(first, again);
    }

    [Fact]
    public void APrefixBoundAnewInTheNextDocument_NamesItsOwnNamespace()
    {
        // The name "x:note" is kept between the two documents; the namespace its prefix stands for is each one's.
        static string NamespaceOfNote(string uri)
        {
            var body = Encoding.UTF8.GetBytes($"<rss xmlns:x=\"{uri}\"><channel><x:note>n</x:note></channel></rss>");
            var tree = Utf8FeedReader.TryRead(body, 0, checkedUtf8: true, 10, null);
            Assert.NotNull(tree?.Root);
            var channel = tree.Root.Elements.Single();
            var note = channel.Elements.Single();
            Assert.Equal("note", note.LocalName);
            return note.Namespace;
        }

        Assert.Equal("urn:one", NamespaceOfNote("urn:one"));
        Assert.Equal("urn:two", NamespaceOfNote("urn:two"));
        Assert.Equal("urn:one", NamespaceOfNote("urn:one"));
    }

    [Fact]
    public void IsEntryTag_IsTheEntryCountsAnswer_WheneverTheByteAfterTheNameEndsItThere()
    {
        // The byte reader keeps EntryMarkup's answer on the name; the count's rule reads the tag's bytes. They must agree
        // for every name the reader knows, whatever of the count's name ends follows it.
        var locals = new[] { "item", "ITEM", "Item", "entry", "ENTRY", "eNtRy", "items", "entry1", "iteM", "ite", "entr", "title", "x" };
        var prefixes = new[] { "", "a:", "rdf:", "atom:", "item:", "entry:", new string('p', 58) + ":", new string('p', 59) + ":", new string('p', 70) + ":" };
        var names = KnownNames.Rent();
        var asked = 0;
        foreach (var prefix in prefixes)
        {
            foreach (var local in locals)
            {
                var name = prefix + local;
                var known = names.Find(Encoding.ASCII.GetBytes(name));
                Assert.NotNull(known);
                foreach (var end in " \t\r\n/>")
                {
                    var tag = Encoding.ASCII.GetBytes($"{name}{end}rest=\"1\">");
                    Assert.True(EntryMarkup.IsEntryName(tag) == known.IsEntryTag, $"'{name}' before '{end}'");
                    asked++;
                }
            }
        }

        names.Return();
        Assert.Equal(prefixes.Length * locals.Length * 6, asked);
        // And the answers are not all one way: the cases above hold entry names and others, short and too long.
        Assert.True(names.Find("x:Entry"u8)!.IsEntryTag);
        Assert.False(names.Find(Encoding.ASCII.GetBytes(new string('p', 60) + ":item"))!.IsEntryTag);
        Assert.False(names.Find("items"u8)!.IsEntryTag);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\" xmlns:x=\"urn:x\"><channel><item><title>t</title><x:Item>n</x:Item></item></channel></rss>", 2)]
    [InlineData("<rss version=\"2.0\"><channel><item><title>t</title><ENTRY/></item><item><title>u</title></item></channel></rss>", 3)]
    [InlineData("<rss version=\"2.0\"><channel><item><title>t</title><items>n</items></item></channel></rss>", 1)]
    [InlineData("<rss version=\"2.0\" xmlns:a=\"urn:a\"><channel><item><a:entry\t>n</a:entry></item><item><a:itemx>m</a:itemx></item></channel></rss>", 3)]
    public void AnEntryNamedChild_IsCountedByTheReader_AsByTheSecondPass(string xml, int entryTags)
    {
        // A child of an item named as an entry is declined by the direct road (by the name's kept answer) so the
        // reader's start tags count it, as the second pass over the bytes does; a name that only starts so is not.
        var body = Encoding.UTF8.GetBytes(xml);
        var charset = BodyDecoder.Choose(body, "application/rss+xml");
        Assert.NotNull(WellFormedFeed.TryParse(body, charset, new Uri("https://example.org/feed/"), FeedLimits.MaxEntries, out var counted));
        Assert.Equal(entryTags, counted);
        Assert.Equal(entryTags, EntryMarkup.Count(body, charset));
    }
}
