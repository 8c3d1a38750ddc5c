using System.Text;
using Aggregator.Configuration;

namespace Aggregator.Tests.Configuration;

/// <summary>
/// <see cref="ConfigLoader.Load"/> reads a UTF-8 file's bytes as they are and decodes any other: whatever the encoding, a
/// file says what its text says, with the same problems at the same lines and columns as the text itself parsed.
/// </summary>
public sealed class ConfigLoaderEncodingTests
{
    public static TheoryData<string, string, string> Files()
    {
        var texts = new Dictionary<string, string>
        {
            ["valid, non-ASCII names"] = """
                { "outlets": [ { "id": "café", "name": "Diário — Ñandú 東京", "url": "https://cafe.example/feed" },
                               { "id": "two", "url": "https://two.example/feed", "headers": { "Accept-Language": "pt" } } ],
                  "topics": [ { "id": "greve", "include": ["grève*", "ストライキ"] } ] }
                """,
            ["problems after non-ASCII text, CRLF lines"] = "{\r\n  \"outlets\": [ { \"id\": \"ñ東\", \"url\": \"not a url\" },\r\n   { \"id\": \"ñ東\", \"interval\": \"soon\", \"url\": \"https://x.example/\" } ] }",
            ["broken JSON after a surrogate pair"] = "{ \"outlets\": [ { \"id\": \"😀\", \"url\": \"https://x.example/\" } ,, ] }",
            ["white space only"] = " \n\t \u00a0 \u3000 ",
        };
        var data = new TheoryData<string, string, string>();
        foreach (var name in texts.Keys)
        {
            foreach (var encoding in new[] { "utf-8", "utf-8 with mark", "utf-16le", "utf-16be", "utf-32le" })
            {
                data.Add(name, encoding, texts[name]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_AnyEncoding_ReadsAsTheTextParses(string caseName, string encoding, string text)
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        File.WriteAllBytes(path, Encode(text, encoding));

        var loaded = ConfigLoader.Load(path);
        var parsed = ConfigLoader.Parse(text, path);

        Assert.Equal(parsed.Problems.Select(p => p.ToString()), loaded.Problems.Select(p => p.ToString()));
        Assert.True(parsed.IsValid == loaded.IsValid, caseName);
        if (parsed.IsValid)
        {
            Assert.Equal(parsed.Config!.Outlets.Select(o => (o.Id, o.Name, o.Url, string.Join(",", o.Headers))),
                loaded.Config!.Outlets.Select(o => (o.Id, o.Name, o.Url, string.Join(",", o.Headers))));
            Assert.Equal(parsed.Config.Topics.SelectMany(t => t.Include), loaded.Config.Topics.SelectMany(t => t.Include));
        }
    }

    [Fact]
    public void Load_InvalidUtf8_ReadsTheBadBytesAsReplacementCharacters_AsBefore()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        byte[] bad = [0xC3, 0x28];
        File.WriteAllBytes(path, [.. "{ \"outlets\": [ { \"id\": \"a\", \"name\": \""u8, .. bad, .. "\", \"url\": \"https://a.example/\" } ] }"u8]);

        var loaded = ConfigLoader.Load(path);

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems));
        Assert.Equal("\uFFFD(", loaded.Config!.Outlets[0].Name);
    }

    [Fact]
    public void Load_AFileLargerThanTheFirstRead_IsReadWhole()
    {
        // Longer than the smallest first array (4 KB), as a pipe or a device that reports no length would be read.
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        var outlets = string.Join(",\n", Enumerable.Range(0, 400).Select(i => $"{{ \"id\": \"o{i}\", \"url\": \"https://o{i}.example/feed\" }}"));
        File.WriteAllText(path, "{ \"outlets\": [\n" + outlets + "\n] }");

        var loaded = ConfigLoader.Load(path);

        Assert.True(loaded.IsValid, string.Join("\n", loaded.Problems));
        Assert.Equal(400, loaded.Config!.Outlets.Count);
        Assert.Equal("o399", loaded.Config.Outlets[^1].Id);
    }

    [Fact]
    public void Load_OutletsWithoutHeaders_HaveNone_AndTheOneWithHeadersKeepsThem()
    {
        using var folder = new TempFolder();
        var path = folder.File("feeds.json");
        File.WriteAllText(path, """
            { "outlets": [ { "id": "a", "url": "https://a.example/" }, { "id": "b", "url": "https://b.example/", "headers": { "X-Key": "1" } },
                           { "id": "c", "url": "https://c.example/", "headers": {} } ] }
            """);

        var outlets = ConfigLoader.Load(path).Config!.Outlets;

        Assert.Empty(outlets[0].Headers);
        Assert.Empty(outlets[2].Headers);
        Assert.Equal("1", outlets[1].Headers["x-key"]);
    }

    private static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-8" => Encoding.UTF8.GetBytes(text),
        "utf-8 with mark" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        "utf-32le" => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "no such encoding in this test"),
    };
}
