using System.Text;
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
}
