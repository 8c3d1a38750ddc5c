using System.Text.Json;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>The hand-written full articles of testdata/dedup/articles.json, by id.</summary>
public static class ArticleTexts
{
    private static readonly Lazy<Dictionary<string, (string Title, string[] Paragraphs)>> Articles = new(Load);

    public static ArticleText Full(string id) => new(Articles.Value[id].Title, string.Join("\n\n", Articles.Value[id].Paragraphs));

    public static string[] Paragraphs(string id) => Articles.Value[id].Paragraphs;

    public static string Title(string id) => Articles.Value[id].Title;

    private static Dictionary<string, (string, string[])> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.TestData("dedup"), "articles.json")));
        return document.RootElement.GetProperty("articles").EnumerateArray().ToDictionary(
            a => a.GetProperty("id").GetString()!,
            a => (a.GetProperty("title").GetString()!, a.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!).ToArray()),
            StringComparer.Ordinal);
    }
}
