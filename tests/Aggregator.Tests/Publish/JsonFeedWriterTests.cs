using System.Globalization;
using System.Text.Json;
using Aggregator.Model;
using Aggregator.Publish.JsonFeed;
using Xunit;
using static Aggregator.Tests.Publish.FeedDocuments;

namespace Aggregator.Tests.Publish;

public sealed class JsonFeedWriterTests
{
    private static JsonDocument Parse(TopicFeed? feed = null)
    {
        byte[] bytes = JsonFeedWriter.Write(feed ?? SampleTopicFeed.Build());
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        _ = Text(bytes); // valid UTF-8
        return JsonDocument.Parse(bytes);
    }

    private static JsonElement Item(JsonDocument doc, string articleId) =>
        doc.RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == "urn:aggregator:article:" + articleId);

    [Fact]
    public void Json_TopLevel_HasTheJsonFeed11FieldsByTheirExactNames()
    {
        using JsonDocument doc = Parse();
        JsonElement root = doc.RootElement;

        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("Venezuela", root.GetProperty("title").GetString());
        Assert.Equal("http://127.0.0.1:8080/", root.GetProperty("home_page_url").GetString());
        Assert.Equal("http://127.0.0.1:8080/feeds/venezuela.json", root.GetProperty("feed_url").GetString());
        Assert.Equal("Venezuela, Maduro and the Bolivarian process", root.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("items").ValueKind);
        Assert.Equal(6, root.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Json_EveryItem_HasAStringIdAndContentAndRfc3339Dates()
    {
        using JsonDocument doc = Parse();

        foreach (JsonElement item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.String, item.GetProperty("id").ValueKind);
            Assert.StartsWith("urn:aggregator:article:", item.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.String, item.GetProperty("content_html").ValueKind);
            foreach (string name in new[] { "date_published", "date_modified" })
            {
                if (item.TryGetProperty(name, out JsonElement date))
                {
                    Assert.True(DateTimeOffset.TryParseExact(date.GetString(), "yyyy-MM-dd'T'HH:mm:ss'Z'",
                        CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), date.GetString());
                }
            }
        }
    }

    [Fact]
    public void Json_Item_CarriesUrlTitleContentAuthorsAndTags()
    {
        using JsonDocument doc = Parse();
        JsonElement item = Item(doc, SampleTopicFeed.UsLedCoup.Id);

        Assert.Equal("https://popularresistance.org/venezuela-it-was-a-us-led-coup-all-along/", item.GetProperty("url").GetString());
        Assert.Equal("Venezuela: It Was A US-Led Coup All Along", item.GetProperty("title").GetString());
        Assert.Equal(SampleTopicFeed.UsLedCoup.Content, item.GetProperty("content_html").GetString());
        Assert.Equal("2024-08-12T13:30:00Z", item.GetProperty("date_published").GetString());
        Assert.Equal("2024-08-13T14:00:00Z", item.GetProperty("date_modified").GetString());
        Assert.Equal("Popular Resistance", item.GetProperty("authors")[0].GetProperty("name").GetString());
        Assert.Equal(["Coups", "Venezuela"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void Json_Summary_IsPlainTextWithEntitiesDecoded()
    {
        using JsonDocument doc = Parse();

        Assert.Equal(
            "On Tuesday, 29 January 2019, the MAP (Maghreb Arabe Presse) announced that the Kingdom of Morocco expressed its " +
            "official support for Juan Guaid\u00F3, who has proclaimed himself \u201Cinterim president\u201D of Venezuela. " +
            "Israel & others have also recognised Guaid\u00F3 as a \"legitimate president\".",
            Item(doc, SampleTopicFeed.MoroccoGuaido.Id).GetProperty("summary").GetString());
        Assert.EndsWith("of the vote\u2026", Item(doc, SampleTopicFeed.UsLedCoup.Id).GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ItemWithoutContent_UsesTheSummaryHtmlAsContent()
    {
        using JsonDocument doc = Parse();

        Assert.Equal(SampleTopicFeed.ElectoralFraud.Summary, Item(doc, SampleTopicFeed.ElectoralFraud.Id).GetProperty("content_html").GetString());
    }

    [Fact]
    public void Json_Attachments_HaveUrlMimeTypeAndSizeWhenKnown()
    {
        using JsonDocument doc = Parse();
        JsonElement item = Item(doc, SampleTopicFeed.AlanWoodsInterview.Id);
        JsonElement[] attachments = [.. item.GetProperty("attachments").EnumerateArray()];

        Assert.Equal(2, attachments.Length);
        Assert.Equal("https://www.marxist.com/media/alan-woods-telesur.mp3", attachments[0].GetProperty("url").GetString());
        Assert.Equal("audio/mpeg", attachments[0].GetProperty("mime_type").GetString());
        Assert.False(attachments[0].TryGetProperty("size_in_bytes", out _));
        Assert.Equal(48213, attachments[1].GetProperty("size_in_bytes").GetInt64());
        Assert.Equal("https://www.marxist.com/images/alan-woods.jpg", item.GetProperty("image").GetString());
    }

    [Fact]
    public void Json_AggregatorExtension_NamesTheOutletAndTheOtherPublishers()
    {
        using JsonDocument doc = Parse();
        JsonElement extension = Item(doc, SampleTopicFeed.UsLedCoup.Id).GetProperty("_aggregator");

        JsonElement outlet = extension.GetProperty("outlet");
        Assert.Equal("popular-resistance", outlet.GetProperty("id").GetString());
        Assert.Equal("Popular Resistance", outlet.GetProperty("name").GetString());
        Assert.Equal("https://popularresistance.org/", outlet.GetProperty("url").GetString());
        JsonElement[] copies = [.. extension.GetProperty("also_published_by").EnumerateArray()];
        Assert.Equal(["marxist-com", "venezuelanalysis"], copies.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("Venezuelanalysis & <Friends>", copies[1].GetProperty("name").GetString());
        Assert.Equal("https://venezuelanalysis.com/news/us-led-coup?ref=a&b=c", copies[1].GetProperty("url").GetString());
    }

    [Fact]
    public void Json_ItemWithoutCopies_HasAnEmptyAlsoPublishedByList()
    {
        using JsonDocument doc = Parse();

        Assert.Equal(0, Item(doc, SampleTopicFeed.ElectoralFraud.Id).GetProperty("_aggregator").GetProperty("also_published_by").GetArrayLength());
    }

    [Fact]
    public void Json_ItemId_MatchesTheAtomAndRssId()
    {
        using JsonDocument doc = Parse();

        Assert.Equal("urn:aggregator:article:d8m0r0cc0", Item(doc, "d8m0r0cc0").GetProperty("id").GetString());
    }

    [Fact]
    public void Json_AccentsAndCurlyQuotes_StayReadableUtf8()
    {
        string json = Text(JsonFeedWriter.Write(SampleTopicFeed.Build()));

        Assert.Contains("Morocco backs Guaid\u00F3\u2019s \u201Cinterim presidency\u201D", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ForbiddenCharacters_AreDroppedFromEveryString()
    {
        using JsonDocument doc = Parse();
        JsonElement item = Item(doc, SampleTopicFeed.HostileArticleId);

        AssertStringsAllowed(doc.RootElement);
        Assert.Equal("Bolivia: A Coup Attempt With Winds From The North", item.GetProperty("title").GetString());
        Assert.EndsWith("Z\u00FA\u00F1iga that failed.", item.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(item.TryGetProperty("authors", out _));
    }

    [Fact]
    public void Json_ItemWithNeitherSummaryNorContent_StillHasContentHtml()
    {
        Article bare = SampleTopicFeed.ElectoralFraud with { Summary = null, Content = null };
        using JsonDocument doc = Parse(SampleTopicFeed.Build(items: [new(bare, SampleTopicFeed.PopularResistance, [])]));

        JsonElement item = doc.RootElement.GetProperty("items")[0];
        Assert.Equal(string.Empty, item.GetProperty("content_html").GetString());
        Assert.False(item.TryGetProperty("summary", out _));
    }

    private static void AssertStringsAllowed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    AssertStringsAllowed(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement child in element.EnumerateArray())
                {
                    AssertStringsAllowed(child);
                }

                break;
            case JsonValueKind.String:
                AssertAllowed(element.GetString()!);
                break;
        }
    }
}
