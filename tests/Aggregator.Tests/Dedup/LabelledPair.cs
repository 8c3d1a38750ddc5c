using System.Text.Json;
using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>testdata/dedup/pairs.json: article pairs labelled duplicate or distinct (built by generate_pairs.py).</summary>
public sealed record LabelledPair(string Id, string Kind, bool Duplicate, ArticleText A, ArticleText B, string Note)
{
    public static IReadOnlyList<LabelledPair> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.TestData("dedup"), "pairs.json")));
        return [.. document.RootElement.GetProperty("pairs").EnumerateArray().Select(p => new LabelledPair(
            p.GetProperty("id").GetString()!,
            p.GetProperty("kind").GetString()!,
            p.GetProperty("duplicate").GetBoolean(),
            Text(p.GetProperty("a")),
            Text(p.GetProperty("b")),
            p.GetProperty("note").GetString()!))];
    }

    private static ArticleText Text(JsonElement e) =>
        new(e.GetProperty("title").GetString()!, e.GetProperty("body").ValueKind == JsonValueKind.Null ? null : e.GetProperty("body").GetString());
}
