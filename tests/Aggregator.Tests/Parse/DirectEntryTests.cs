using System.Text;
using Aggregator.Parse;
using Aggregator.Parse.Atom;
using Aggregator.Parse.Rss;
using Xunit;
using Xunit.Abstractions;

namespace Aggregator.Tests.Parse;

/// <summary>
/// RSS items and Atom entries read straight from their bytes (RssItemBytes, AtomEntryBytes) parse to what the element
/// tree gives, over every input ParseOutputHashTests pins (the corpora, their seeded edits and the harness's feeds);
/// the harness's items and entries all take the direct road, and those it does not handle are read into the tree.
/// </summary>
public class DirectEntryTests(ITestOutputHelper output)
{
    private static readonly Uri Base = new("https://example.org/feed/");

    [Fact]
    public void EveryInput_ParsesAlike_ReadDirectlyOrThroughTheTree()
    {
        var differing = new List<string>();
        var (taken, declined, inputsTaken, inputs) = (0, 0, 0, 0);
        var (harnessTaken, harnessDeclined) = (0, 0);
        var (dates, harnessDates) = (0, 0);
        var (atomTaken, atomDeclined, harnessAtomTaken, harnessAtomDeclined) = (0, 0, 0, 0);
        foreach (var (name, body, contentType) in ParseOutputHashTests.Inputs())
        {
            var atomBefore = AtomEntryBytes.OnThisThread;
            var tree = Parse(body, contentType, direct: false, out _, out _);
            var datesBefore = RssItemBytes.OnThisThread.DatesFromBytes;
            var direct = Parse(body, contentType, direct: true, out var itemsTaken, out var itemsDeclined);
            var datesNow = RssItemBytes.OnThisThread.DatesFromBytes - datesBefore;
            dates += datesNow;
            var atom = AtomEntryBytes.OnThisThread - atomBefore;
            var (entriesTaken, entriesDeclined) = (atom.Taken, atom.Declined);
            (atomTaken, atomDeclined) = (atomTaken + entriesTaken, atomDeclined + entriesDeclined);
            if (direct != tree)
            {
                differing.Add(name);
            }

            inputs++;
            inputsTaken += itemsTaken > 0 ? 1 : 0;
            (taken, declined) = (taken + itemsTaken, declined + itemsDeclined);
            if (name.StartsWith("synthetic/", StringComparison.Ordinal))
            {
                (harnessTaken, harnessDeclined) = (harnessTaken + itemsTaken, harnessDeclined + itemsDeclined);
                harnessDates += datesNow;
                (harnessAtomTaken, harnessAtomDeclined) = (harnessAtomTaken + entriesTaken, harnessAtomDeclined + entriesDeclined);
            }
        }

        output.WriteLine($"{inputs} inputs, {inputsTaken} with items read directly; items read directly {taken}, declined to the tree {declined}; " +
                         $"harness feeds: {harnessTaken} read directly, {harnessDeclined} declined; dates read from their bytes {dates} (harness {harnessDates}); " +
                         $"Atom entries read directly {atomTaken}, declined {atomDeclined} (harness {harnessAtomTaken}, {harnessAtomDeclined})");
        Assert.True(differing.Count == 0, $"{differing.Count} inputs parse otherwise (first: {string.Join(", ", differing.Take(10))})");
        Assert.True(taken - harnessTaken > 300 && declined > 100, $"corpora: {taken - harnessTaken} taken, {declined} declined: both roads should be exercised");
        Assert.Equal((64 * 50 + 2 * 50 + 2500, 0), (harnessTaken, harnessDeclined));
        Assert.Equal((16 * 50 + 50, 0), (harnessAtomTaken, harnessAtomDeclined));
        Assert.True(atomTaken - harnessAtomTaken > 900 && atomDeclined > 150, $"corpora: {atomTaken - harnessAtomTaken} Atom entries taken, {atomDeclined} declined: both roads should be exercised");
        // Each harness item has one pubDate, in RFC 1123.
        Assert.Equal(harnessTaken, harnessDates);
    }

    [Fact]
    public void Dates_AreReadFromTheirBytesInTheCommonForms_AndParseAsFromTheirTextInAnySpelling()
    {
        (string Written, bool FromBytes)[] dates =
        [
            ("Mon, 01 Dec 2025 10:00:00 GMT", true),
            ("Mon, 01 Dec 2025 10:00:00 +0100", true),
            ("2025-12-01T10:00:00Z", true),
            ("2025-12-01T10:00:00-05:30", true),
            ("\n   Mon, 01 Dec 2025 10:00:00 GMT\t ", true),
            ("<![CDATA[2025-12-01T10:00:00Z]]>", true),
            // Build's own edges: the end of a day, a leap second.
            ("Mon, 01 Dec 2025 24:00:00 GMT", true),
            ("Mon, 01 Dec 2025 23:59:60 GMT", true),
            // Everything else goes to the text, which collapses whitespace, knows other names and zones, or says null.
            ("Mon,  01 Dec 2025 10:00:00 GMT", false),
            ("Mon, 01\tDec 2025 10:00:00 GMT", false),
            ("mon, 01 dec 2025 10:00:00 gmt", false),
            ("Mon, 01 Dec 2025 10:00 EST", false),
            ("Mon, 01 Déc 2025 10:00:00 GMT", false),
            ("Mon, 01 Dec 2025 10:00:00 G&#77;T", false),
            ("Mon, 01 Dec 2025 <![CDATA[10:00:00 GMT]]>", false),
            ("Mon, 31 Feb 2025 10:00:00 GMT", false),
            ("Mon, 01 Dec 2025 10:00:00 +9999", false),
            ("Sat, 01 Jan 0001 00:00:00 +1400", false),
            ("0001-01-01T00:00:00+14:00", false),
            ("2025-12-01T10:00:00.5Z", false),
            ("2025-12-01", false),
            ("", false),
            ("not a date at all, no", false),
        ];
        var items = string.Concat(dates.Select((d, i) => $"<item><title>{i}</title><link>/{i}</link><pubDate>{d.Written}</pubDate><dc:date>{d.Written}</dc:date></item>\n"));
        var body = Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
            <title>T</title><link>https://site.example/</link>
            {items}</channel></rss>
            """);

        var datesBefore = RssItemBytes.OnThisThread.DatesFromBytes;
        var direct = Parse(body, "application/rss+xml", direct: true, out var taken, out var declined);
        var fromBytes = RssItemBytes.OnThisThread.DatesFromBytes - datesBefore;

        Assert.Equal((dates.Length, 0), (taken, declined));
        Assert.Equal(2 * dates.Count(d => d.FromBytes), fromBytes);
        Assert.Equal(Parse(body, "application/rss+xml", direct: false, out _, out _), direct);
        var entries = FeedParser.Parse(body, Base, "application/rss+xml").Feed!.Entries;
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 0, 0, TimeSpan.Zero), entries[1].Published);
        Assert.Equal(new DateTimeOffset(2025, 12, 2, 0, 0, 0, TimeSpan.Zero), entries[6].Published);
        Assert.Null(entries[17].Published);
    }

    [Fact]
    public void ItemOfLeaves_IsReadDirectly_AndOneWithANestedElementOrAnEnclosure_ThroughTheTree()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel>
              <title>T</title><link>https://site.example/</link>
              <item>
                <title> Fish &amp; chips &#x2014; <![CDATA[a <b>guide</b>]]> </title><link>/one</link>
                <dc:creator><![CDATA[Ann]]></dc:creator><pubDate>Mon, 01 Dec 2025 10:00:00 +0000</pubDate>
                <category><![CDATA[News]]></category><category>news</category><guid isPermaLink="false">https://site.example/?p=1</guid>
                <description>&lt;p&gt;Short&lt;/p&gt;</description><content:encoded>
                  <![CDATA[<p><img src="/a.jpg"> Long</p>]]>
                </content:encoded>
                <slash:comments>0</slash:comments>
              </item>
              <item><title>Two <i>nested</i></title><link>/two</link></item>
              <item><title>Three</title><link>/three</link><enclosure url="/e.jpg" length="1" type="image/jpeg"/></item>
            </channel></rss>
            """);

        var before = RssItemBytes.OnThisThread;
        var entries = FeedParser.Parse(feed, Base, "application/rss+xml").Feed!.Entries;
        var now = RssItemBytes.OnThisThread - before;
        var (takenNow, declinedNow) = (now.Taken, now.Declined);

        // The nested <i> makes the second item's title no leaf: the reader never offers it. The third is declined.
        Assert.Equal((1, 1), (takenNow, declinedNow));
        var one = entries[0];
        Assert.Equal(("https://site.example/?p=1", "Fish & chips — a guide", "https://site.example/one", "Ann"), (one.Id, one.Title, one.Link?.AbsoluteUri, one.Author));
        Assert.Equal(["News"], one.Categories);
        Assert.Equal("<p>Short</p>", one.Summary);
        Assert.Equal("<p><img src=\"/a.jpg\"> Long</p>", one.Content);
        Assert.Equal("https://site.example/a.jpg", one.ImageUrl?.AbsoluteUri);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 10, 0, 0, TimeSpan.Zero), one.Published);
        Assert.Equal(("Two nested", "https://site.example/e.jpg"), (entries[1].Title, entries[2].ImageUrl?.AbsoluteUri));
    }

    [Fact]
    public void AtomEntryOfLeavesAndPeople_IsReadDirectly_AndOneWithASourceOrXhtmlOrMedia_ThroughTheTree()
    {
        var feed = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
                  xml:base="https://site.example/blog/">
              <title>T</title><link href="https://site.example/"/><author><name>Feed Author</name></author>
              <entry>
                <author>
                  <name> Ann </name> <email>ann@site.example</email>
                  <uri>/ann</uri>
                </author>
                <author><name>Bob</name></author>
                <title type="html"><![CDATA[Fish &amp; <b>chips</b>]]></title>
                <link rel="self" href="/self"/><link href="one" type="text/html"/>
                <link rel="enclosure" href="/pic.jpg" type="image/jpeg" length="12"/>
                <id> urn:one </id>
                <updated>2025-12-01T10:00:00Z</updated><updated>2025-12-02T10:00:00Z</updated>
                <category term="News" scheme="x"/><category label="Sport"/><category>news</category><dc:subject>Weather</dc:subject>
                <summary>Short &lt; text</summary>
                <content type="html" xml:base="https://other.example/a/"><![CDATA[<p><img src="b.jpg"> Long</p>]]></content>
              </entry>
              <entry><title>Two</title><id>urn:two</id><dc:creator>Cleo</dc:creator><link href="https://x.example/two"/></entry>
              <entry><title>Three</title><id>https://site.example/three</id><author>Dee Writer</author></entry>
              <entry><title>Four</title><id>urn:four</id></entry>
              <entry><title>Source</title><source><title>Elsewhere</title></source></entry>
              <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X<b>h</b></div></title></entry>
              <entry><title>Media</title><media:thumbnail url="/t.jpg"/></entry>
              <entry><title>Loose</title><author><nick>Ed</nick></author></entry>
            </feed>
            """);

        var before = AtomEntryBytes.OnThisThread;
        var entries = FeedParser.Parse(feed, Base, "application/atom+xml").Feed!.Entries;
        var now = AtomEntryBytes.OnThisThread - before;
        var (takenNow, declinedNow) = (now.Taken, now.Declined);

        // The xhtml title is not a leaf the road takes (its div holds markup two levels down): never offered.
        Assert.Equal((4, 3), (takenNow, declinedNow));
        Assert.Equal(Parse(feed, "application/atom+xml", direct: false, out _, out _), Parse(feed, "application/atom+xml", direct: true, out _, out _));
        var one = entries[0];
        Assert.Equal(("urn:one", "Fish & chips", "https://site.example/blog/one"), (one.Id, one.Title, one.Link?.AbsoluteUri));
        Assert.Equal([("Ann", "ann@site.example", "https://site.example/ann"), ("Bob", null, null)], one.Authors.Select(a => (a.Name, a.Email, a.Uri?.AbsoluteUri)));
        Assert.Equal(["News", "Sport", "Weather"], one.Categories);
        Assert.Equal(new DateTimeOffset(2025, 12, 2, 10, 0, 0, TimeSpan.Zero), one.Published);
        Assert.Equal("Short &lt; text", one.Summary);
        Assert.Equal("https://other.example/a/", one.BaseUri?.AbsoluteUri);
        Assert.Equal(("https://site.example/pic.jpg", "https://site.example/pic.jpg"), (one.Enclosures.Single().Url.AbsoluteUri, one.ImageUrl?.AbsoluteUri));
        Assert.Equal(("Cleo", "https://x.example/two"), (entries[1].Author, entries[1].Link?.AbsoluteUri));
        Assert.Equal(("Dee Writer", "https://site.example/three"), (entries[2].Author, entries[2].Link?.AbsoluteUri));
        Assert.Equal("Feed Author", entries[3].Author);
        Assert.Equal("https://site.example/t.jpg", entries[6].ImageUrl?.AbsoluteUri);
    }

    [Fact]
    public void ShortTextsRepeatedAcrossItems_AreOneString_AndReadAsTheTreeReadsThem()
    {
        // "Abc" and "Axc" share a slot (same length, first and last byte): each must still read as itself.
        var longCategory = new string('x', 70);
        var feed = Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>https://site.example/</link>
              <item><title>One</title><link>https://site.example/1</link><dc:creator><![CDATA[Jorge Martín]]></dc:creator>
                <category><![CDATA[News]]></category><category> Sport </category><category>Abc</category><category>{longCategory}</category></item>
              <item><title>Two</title><link>https://site.example/2</link><dc:creator><![CDATA[Jorge Martín]]></dc:creator>
                <category>News</category><category><![CDATA[Sport]]></category><category>Axc</category><category>{longCategory}</category></item>
              <item><title>Three</title><link>https://site.example/3</link><dc:creator>Ana Muñoz</dc:creator>
                <category><![CDATA[News]]></category><category>Abc</category><category>S&amp;P</category></item>
            </channel></rss>
            """);

        Assert.Equal(Parse(feed, "application/rss+xml", direct: false, out _, out _), Parse(feed, "application/rss+xml", direct: true, out var taken, out _));
        Assert.Equal(3, taken);
        var entries = FeedParser.Parse(feed, Base, "application/rss+xml").Feed!.Entries;
        Assert.Equal(["News", "Sport", "Abc", longCategory], entries[0].Categories);
        Assert.Equal(["News", "Sport", "Axc", longCategory], entries[1].Categories);
        Assert.Equal(["News", "Abc", "S&P"], entries[2].Categories);
        Assert.Equal(["Jorge Martín", "Jorge Martín", "Ana Muñoz"], entries.Select(e => e.Author));
        // The same bytes, CDATA or not and trimmed or not, give the string the item before kept.
        Assert.Same(entries[0].Categories[0], entries[1].Categories[0]);
        Assert.Same(entries[0].Categories[0], entries[2].Categories[0]);
        Assert.Same(entries[0].Categories[1], entries[1].Categories[1]);
        Assert.Same(entries[0].Author, entries[1].Author);
    }

    [Fact]
    public void AuthorsRepeatedAcrossEntries_AreOnePerson_AndReadAsTheTreeReadsThem()
    {
        var rss = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>https://site.example/</link>
              <item><title>One</title><link>https://site.example/1</link><dc:creator><![CDATA[Jorge Martín]]></dc:creator><dc:creator>Ana Muñoz</dc:creator></item>
              <item><title>Two</title><link>https://site.example/2</link><dc:creator>Jorge Martín</dc:creator></item>
              <item><title>Three</title><link>https://site.example/3</link><author>jo@site.example (Jo Bloggs)</author></item>
              <item><title>Four</title><link>https://site.example/4</link><author> jo@site.example (Jo Bloggs) </author><dc:creator>Ana Muñoz</dc:creator></item>
              <item><title>Five</title><link>https://site.example/5</link><dc:creator>Ana  Muñoz</dc:creator></item>
            </channel></rss>
            """);

        Assert.Equal(Parse(rss, "application/rss+xml", direct: false, out _, out _), Parse(rss, "application/rss+xml", direct: true, out var taken, out _));
        Assert.Equal(5, taken);
        var items = FeedParser.Parse(rss, Base, "application/rss+xml").Feed!.Entries;
        Assert.Equal(["Jorge Martín", "Ana Muñoz"], items[0].Authors.Select(a => a.Name));
        Assert.Same(items[0].Authors[0], items[1].Authors[0]);
        Assert.Equal(new Aggregator.Model.Person("Jo Bloggs", "jo@site.example"), items[2].Authors.Single());
        Assert.Same(items[2].Authors[0], items[3].Authors.Single());
        // Another spelling of a name is read again: the whitespace collapsed, it is the same name, not the same text.
        Assert.Equal(items[0].Authors[1], items[4].Authors.Single());

        var atom = Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id><updated>2026-01-01T00:00:00Z</updated>
              <entry><id>urn:1</id><title>One</title><updated>2026-01-01T00:00:00Z</updated><author><name>Ana Muñoz</name></author></entry>
              <entry><id>urn:2</id><title>Two</title><updated>2026-01-01T00:00:00Z</updated><author><name>Ana Muñoz</name></author><author><name>Ana Muñoz</name><email>ana@site.example</email></author></entry>
              <entry><id>urn:3</id><title>Three</title><updated>2026-01-01T00:00:00Z</updated><author><name>Ana Muñoz</name><uri>/ana</uri></author></entry>
              <entry><id>urn:4</id><title>Four</title><updated>2026-01-01T00:00:00Z</updated><author><name>Ana Muñoz</name><uri>/ana</uri></author></entry>
            </feed>
            """);

        var atomBefore = AtomEntryBytes.OnThisThread;
        Assert.Equal(Parse(atom, "application/atom+xml", direct: false, out _, out _), Parse(atom, "application/atom+xml", direct: true, out _, out _));
        Assert.Equal(4, (AtomEntryBytes.OnThisThread - atomBefore).Taken);
        var entries = FeedParser.Parse(atom, Base, "application/atom+xml").Feed!.Entries;
        Assert.Same(entries[0].Authors[0], entries[1].Authors[0]);
        Assert.Equal(new Aggregator.Model.Person("Ana Muñoz", "ana@site.example"), entries[1].Authors[1]);
        Assert.NotSame(entries[0].Authors[0], entries[1].Authors[1]);
        // One with a uri is made anew (its uri resolved against its own base), and equal by value.
        Assert.Equal(entries[2].Authors[0], entries[3].Authors[0]);
        Assert.Equal(new Uri("https://example.org/ana"), entries[2].Authors[0].Uri);
    }

    private static string Parse(byte[] body, string? contentType, bool direct, out int taken, out int declined)
    {
        var before = RssItemBytes.OnThisThread;
        StreamedEntries.DirectRoadsOffOnThisThread = !direct;
        try
        {
            return CanonicalParseDump.Of(FeedParser.Parse(body, Base, contentType));
        }
        finally
        {
            StreamedEntries.DirectRoadsOffOnThisThread = false;
            var now = RssItemBytes.OnThisThread - before;
            (taken, declined) = (now.Taken, now.Declined);
        }
    }
}
