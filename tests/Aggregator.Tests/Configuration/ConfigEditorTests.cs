using Aggregator.Configuration;

namespace Aggregator.Tests.Configuration;

public sealed class ConfigEditorTests
{
    private static readonly OutletDraft Kawsachun = new("kawsachun-news", "Kawsachun News", new Uri("https://kawsachunnews.com/feed"));

    [Fact]
    public void AppendOutlets_KeepsCommentsAndLayout_AndTheResultLoads()
    {
        const string text = """
            {
              // Our outlets.
              "outlets": [
                { "id": "popular-resistance", "url": "https://popularresistance.org/category/coups/feed/" } // the coups category
              ],
              "topics": []
            }
            """;

        var edited = ConfigEditor.AppendOutlets(text, [Kawsachun], out var problem)!;

        Assert.Null(problem);
        Assert.Contains("// Our outlets.", edited, StringComparison.Ordinal);
        Assert.Contains("} // the coups category", edited.Replace(",\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var loaded = ConfigLoader.Parse(edited, "feeds.json");
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems));
        Assert.Equal(["popular-resistance", "kawsachun-news"], loaded.Config!.Outlets.Select(o => o.Id));
        Assert.Contains("    { \"id\": \"kawsachun-news\", \"name\": \"Kawsachun News\", \"url\": \"https://kawsachunnews.com/feed\" }", edited, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendOutlets_TrailingCommaStyle_IsFollowed()
    {
        const string text = "{ \"outlets\": [\n  { \"id\": \"a\", \"url\": \"https://a.example/feed\" },\n] }";

        var edited = ConfigEditor.AppendOutlets(text, [Kawsachun, Kawsachun with { Id = "k2" }], out _)!;

        Assert.EndsWith("\"url\": \"https://kawsachunnews.com/feed\" },\n] }", edited, StringComparison.Ordinal);
        Assert.Equal(3, ConfigLoader.Parse(edited, "feeds.json").Config!.Outlets.Count);
    }

    [Fact]
    public void AppendOutlets_EmptyArray_GetsTheOutlets()
    {
        var edited = ConfigEditor.AppendOutlets("{ \"outlets\": [] }", [Kawsachun], out _)!;

        Assert.Equal("kawsachun-news", Assert.Single(ConfigLoader.Parse(edited, "feeds.json").Config!.Outlets).Id);
    }

    [Fact]
    public void AppendOutlets_BracketsInsideStringsAndComments_DoNotConfuseIt()
    {
        const string text = "{ \"outlets\": [ /* ] */ { \"id\": \"a\", \"name\": \"A ] [ }\", \"url\": \"https://a.example/feed\" } ] }";

        var edited = ConfigEditor.AppendOutlets(text, [Kawsachun], out _)!;

        Assert.Equal(["a", "kawsachun-news"], ConfigLoader.Parse(edited, "feeds.json").Config!.Outlets.Select(o => o.Id));
    }

    [Fact]
    public void AppendOutlets_NoOutletsArray_SaysSo()
    {
        Assert.Null(ConfigEditor.AppendOutlets("{ \"topics\": [] }", [Kawsachun], out var problem));
        Assert.Contains("outlets", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IdFor_MakesValidUniqueIds()
    {
        var taken = new HashSet<string> { "telesur-english" };

        Assert.Equal("telesur-english-2", ConfigEditor.IdFor("teleSUR English", taken));
        Assert.Equal("kawsachun-news", ConfigEditor.IdFor("Kawsachun News!", taken));
        Assert.Equal("people-s-dispatch", ConfigEditor.IdFor("People’s Dispatch", taken));
        Assert.Equal("orinoco-tribune-noticias", ConfigEditor.IdFor("Orinoco Tribune – Noticias", taken));
        Assert.Equal("outlet", ConfigEditor.IdFor("???", taken));
    }
}
