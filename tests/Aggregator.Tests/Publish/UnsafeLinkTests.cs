using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Aggregator.Model;
using Aggregator.Publish;
using Aggregator.Publish.Atom;
using Aggregator.Publish.JsonFeed;
using Aggregator.Publish.Opml;
using Aggregator.Publish.Rss;

namespace Aggregator.Tests.Publish;

/// <summary>
/// What the writers do with links the store holds from before links were checked at ingestion (or that got
/// past it): only http(s) is served, never user:password, and "Also published by" cannot carry markup.
/// </summary>
public sealed partial class UnsafeLinkTests
{
    private const string Password = "Pa55-w0rd-XYZ";

    private static readonly string[] BadSchemes = ["ms-msdt:", "search-ms:", "intent:", "livescript:", "ftp:", "javascript:"];

    private static readonly OutletRef Good = new(
        "good", "Good outlet", new Uri($"https://reader:{Password}@good.example/feed"), new Uri($"https://reader:{Password}@good.example/"));

    // Another outlet's name and link: the name tries to close the anchor and the paragraph, the link is no web link.
    private static readonly OutletRef Evil = new("evil", "\"></a><script>alert(1)</script><a href=\"x", new Uri("https://evil.example/feed"));

    private static TopicFeed Feed()
    {
        var article = new Article
        {
            Id = "a1",
            OutletId = Good.Id,
            CanonicalUrl = "ms-msdt:/id%20PCWDiagnostic",
            Link = new Uri("ms-msdt:/id%20PCWDiagnostic"),
            Title = "",
            Summary = $"<p>Old summary linking <a href=\"https://reader:{Password}@good.example/more\">more</a>.</p>",
            Content = $"<p><img src=\"https://reader:{Password}@good.example/i.png\"></p>",
            FirstSeen = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            Enclosures = [new Enclosure(new Uri("ms-msdt:/id%20x"), "audio/mpeg"), new Enclosure(new Uri($"https://reader:{Password}@good.example/a.mp3"), "audio/mpeg")],
            ImageUrl = new Uri("intent://x#Intent;end"),
            ClusterId = "a1",
        };
        var copies = new List<TopicFeedCopy>
        {
            new(Evil, new Uri("search-ms:query=calc")),
            new(Evil, new Uri("livescript:alert(1)")),
            new(Good, new Uri($"https://reader:{Password}@good.example/copy")),
        };
        return new TopicFeed
        {
            Topic = new TopicDefinition { Id = "t", Title = "T" },
            FeedBaseUrl = new Uri($"https://site:{Password}@feeds.example/feeds/"),
            HomePage = new Uri($"https://site:{Password}@feeds.example/"),
            Updated = article.FirstSeen,
            Items = [new TopicFeedItem(article, Good, copies)],
            Hub = new Uri("ftp://hub.example/"),
        };
    }

    [Fact]
    public void Atom_ServesOnlyHttpLinks_WithoutCredentials()
    {
        var text = Encoding.UTF8.GetString(AtomFeedWriter.Write(Feed()));
        var doc = XDocument.Parse(text);
        XNamespace a = "http://www.w3.org/2005/Atom";

        AssertClean(text);
        var hrefs = doc.Descendants(a + "link").Select(l => (string)l.Attribute("href")!).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, AssertWeb);
        // The entry keeps a link: its outlet's page stands in for the unusable one.
        var entry = doc.Descendants(a + "entry").Single();
        Assert.Equal("https://good.example/", (string)entry.Elements(a + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!);
        Assert.Equal("https://good.example/", (string)entry.Element(a + "source")!.Element(a + "link")!.Attribute("href")!);
        AssertSafeParagraph((string)entry.Element(a + "summary")!);
        Assert.All(HtmlUrls((string)entry.Element(a + "summary")! + (string)entry.Element(a + "content")!), AssertWeb);
    }

    [Fact]
    public void Rss_ServesOnlyHttpLinks_WithoutCredentials()
    {
        var text = Encoding.UTF8.GetString(RssFeedWriter.Write(Feed()));
        var doc = XDocument.Parse(text);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";

        AssertClean(text);
        var item = doc.Descendants("item").Single();
        Assert.Equal("https://good.example/", (string)item.Element("link")!);
        Assert.Equal("https://good.example/feed", (string)item.Element("source")!.Attribute("url")!);
        Assert.Equal("https://good.example/a.mp3", (string)item.Element("enclosure")!.Attribute("url")!);
        Assert.All(doc.Descendants(atom + "link").Select(l => (string)l.Attribute("href")!), AssertWeb);
        Assert.All(doc.Descendants("link").Select(l => (string)l), AssertWeb);
        AssertSafeParagraph((string)item.Element("description")!);
        Assert.All(HtmlUrls((string)item.Element("description")! + (string)item.Element(content + "encoded")!), AssertWeb);
    }

    [Fact]
    public void JsonFeed_ServesOnlyHttpLinks_WithoutCredentials()
    {
        var text = Encoding.UTF8.GetString(JsonFeedWriter.Write(Feed()));
        using var doc = JsonDocument.Parse(text);

        AssertClean(text);
        var urls = new List<string>();
        CollectUrls(doc.RootElement, urls);
        Assert.Contains("https://good.example/", urls);
        Assert.All(urls, AssertWeb);
        var item = doc.RootElement.GetProperty("items")[0];
        Assert.False(item.TryGetProperty("image", out _));
        Assert.Equal(1, item.GetProperty("attachments").GetArrayLength());
        Assert.All(HtmlUrls(item.GetProperty("content_html").GetString()!), AssertWeb);
        Assert.Equal(3, item.GetProperty("_aggregator").GetProperty("also_published_by").GetArrayLength());
    }

    [Fact]
    public void Opml_ListsOnlyHttpUrls_WithoutCredentials()
    {
        var notWeb = new OutletRef("gopher", "Gopher", new Uri("gopher://old.example/1"), new Uri("intent://x"));
        var text = Encoding.UTF8.GetString(OpmlWriter.Write("Outlets", [Good, Evil, notWeb], DateTimeOffset.UnixEpoch));
        var outlines = XDocument.Parse(text).Descendants("outline").ToList();

        AssertClean(text);
        Assert.DoesNotContain("gopher:", text, StringComparison.Ordinal);
        // Still listed, by name, though not as a subscription.
        Assert.Equal(3, outlines.Count);
        Assert.Equal("https://good.example/feed", (string)outlines[0].Attribute("xmlUrl")!);
        Assert.Null(outlines[2].Attribute("xmlUrl"));
    }

    [Fact]
    public void IndexPage_LinksOutletsOnlyOverHttp_WithoutCredentials_AndRedactsErrors()
    {
        var outlets = new[]
        {
            new Outlet { Id = "good", Name = "Good", Url = Good.Url },
            new Outlet { Id = "odd", Name = "Odd", Url = new Uri("ftp://odd.example/feed") },
        };
        var health = new Dictionary<string, OutletHealth>
        {
            ["good"] = new() { OutletId = "good", ConsecutiveFailures = 1, LastError = $"autodiscovered feed http://reader:{Password}@good.example/x.rss: fetch: resource not found (404 status code)" },
        };

        var html = IndexPage.Render("Aggregator", [], outlets, health, "https://feeds.example/feeds/");

        AssertClean(html);
        Assert.Contains("href=\"https://good.example/feed\"", html, StringComparison.Ordinal);
        Assert.Contains("autodiscovered feed http://good.example/x.rss", html, StringComparison.Ordinal);
        Assert.Contains(">Odd<", html, StringComparison.Ordinal);
    }

    // The copies' paragraph: the hostile name stays text, and no anchor but the web one.
    private static void AssertSafeParagraph(string summaryHtml)
    {
        var paragraph = summaryHtml[summaryHtml.IndexOf("<p>Also published by:", StringComparison.Ordinal)..];
        Assert.DoesNotContain("<script", paragraph, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", paragraph, StringComparison.Ordinal);
        var anchors = Anchor().Matches(paragraph).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["https://good.example/copy"], anchors);
    }

    private static void AssertClean(string output)
    {
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        foreach (var scheme in BadSchemes.Where(s => s != "javascript:"))
        {
            Assert.DoesNotContain(scheme, output, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertWeb(string url)
    {
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"not an http(s) link: {url}");
        Assert.Equal(string.Empty, uri!.UserInfo);
    }

    private static List<string> HtmlUrls(string html) =>
        HtmlUrl().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    private static void CollectUrls(JsonElement element, List<string> urls)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && (property.Name.EndsWith("url", StringComparison.Ordinal) || property.Name is "image" or "banner_image" or "icon" or "favicon"))
                {
                    urls.Add(property.Value.GetString()!);
                }
                CollectUrls(property.Value, urls);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in element.EnumerateArray())
            {
                CollectUrls(child, urls);
            }
        }
    }

    [GeneratedRegex("<a href=\"([^\"]*)\"")]
    private static partial Regex Anchor();

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"")]
    private static partial Regex HtmlUrl();
}
