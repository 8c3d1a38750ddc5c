using System.Text.Json;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Publish;

/// <summary>
/// Every topic feed, from a running instance, read by real feed readers we do not control:
/// python3-feedparser (no bozo), newsboat (all items in its cache) and xmllint. .ci/run installs them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReaderInteropTests
{
    private static readonly string[] Topics = ["all", "venezuela", "bolivia", "coups"];

    // Debian's interpreter, where python3-feedparser lives; a pyenv python3 earlier on PATH lacks it.
    private const string DebianPython = "/usr/bin/python3";

    private static async Task<(OutletsWorld World, RunningWorker Worker)> StartAsync()
    {
        var world = await OutletsWorld.StartAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(world.Args("poll"))).ExitCode);
        return (world, await RunningWorker.StartAsync(world));
    }

    private static async Task<int> ItemCountAsync(RunningWorker worker, string topic)
    {
        using var json = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri($"/feeds/{topic}.json", UriKind.Relative)));
        return json.RootElement.GetProperty("items").GetArrayLength();
    }

    [Fact]
    public async Task Feedparser_ReadsEveryAtomAndRssTopic_WithoutBozo()
    {
        var (world, worker) = await StartAsync();
        await using var _ = world;
        await using var __ = worker;

        const string Script = """
            import feedparser, json, sys
            d = feedparser.parse(sys.argv[1])
            print(json.dumps({"bozo": bool(d.bozo), "exception": repr(d.get("bozo_exception")), "version": d.version,
                              "entries": len(d.entries), "titles": [e.get("title") for e in d.entries],
                              "ids": [e.get("id") for e in d.entries], "links": [e.get("link") for e in d.entries]}))
            """;
        foreach (var topic in Topics)
        {
            var expected = await ItemCountAsync(worker, topic);
            Assert.True(expected > 0);
            // Debian's feedparser (6.0.10) predates its JSON Feed support; JSON Feed is checked by the Publish tests.
            foreach (var format in new[] { "atom", "rss" })
            {
                var url = new Uri(worker.BaseUrl, $"feeds/{topic}.{format}").AbsoluteUri;
                var (exit, output, error) = await ExternalTool.RunAsync(DebianPython, ["-c", Script, url]);
                Assert.True(exit == 0, $"feedparser failed on {url}: {error}");
                using var result = JsonDocument.Parse(output);
                var root = result.RootElement;
                Assert.False(root.GetProperty("bozo").GetBoolean(), $"{url}: bozo {root.GetProperty("exception").GetString()}");
                Assert.Equal(expected, root.GetProperty("entries").GetInt32());
                Assert.All(root.GetProperty("titles").EnumerateArray(), t => Assert.False(string.IsNullOrEmpty(t.GetString())));
                Assert.All(root.GetProperty("ids").EnumerateArray(), id => Assert.StartsWith("urn:aggregator:article:", id.GetString(), StringComparison.Ordinal));
                Assert.All(root.GetProperty("links").EnumerateArray(), l => Assert.StartsWith("http", l.GetString(), StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Newsboat_ReloadsEveryAtomAndRssTopic_WithAllItsItems()
    {
        var (world, worker) = await StartAsync();
        await using var _ = world;
        await using var __ = worker;
        using var home = new TempFolder();
        await File.WriteAllTextAsync(home.File("config"), "");
        var urls = Topics.SelectMany(t => new[] { $"feeds/{t}.atom", $"feeds/{t}.rss" }).Select(p => new Uri(worker.BaseUrl, p).AbsoluteUri).ToList();

        for (var i = 0; i < urls.Count; i++)
        {
            // newsboat keys items by guid across its whole cache, and our Atom and RSS feeds share
            // ids by design, so each feed gets a cache of its own.
            var urlFile = home.File($"urls-{i}");
            var cache = home.File($"cache-{i}.db");
            await File.WriteAllTextAsync(urlFile, urls[i] + "\n");

            var (exit, _, error) = await ExternalTool.RunAsync("newsboat",
                ["-u", urlFile, "-c", cache, "-C", home.File("config"), "-x", "reload"],
                new Dictionary<string, string> { ["HOME"] = home.Path, ["TERM"] = "dumb" });

            Assert.True(exit == 0, $"newsboat failed on {urls[i]}: {error}");
            await using var connection = new SqliteConnection($"Data Source={cache};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM rss_item WHERE feedurl = $url;";
            command.Parameters.AddWithValue("$url", urls[i]);
            var topic = urls[i][(urls[i].LastIndexOf('/') + 1)..].Split('.')[0];
            Assert.Equal((long)await ItemCountAsync(worker, topic), (long)(await command.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task Xmllint_ValidatesEveryAtomTopicAgainstTheRfc4287Grammar_AndFindsRssWellFormed()
    {
        var (world, worker) = await StartAsync();
        await using var _ = world;
        await using var __ = worker;
        using var folder = new TempFolder();
        var grammar = Path.Combine(TestPaths.TestData("publish"), "atom.rng");

        foreach (var topic in Topics)
        {
            foreach (var format in new[] { "atom", "rss" })
            {
                var file = folder.File($"{topic}.{format}");
                await File.WriteAllBytesAsync(file, await worker.Http.GetByteArrayAsync(new Uri($"/feeds/{topic}.{format}", UriKind.Relative)));
                string[] arguments = format == "atom" ? ["--noout", "--nonet", "--relaxng", grammar, file] : ["--noout", "--nonet", file];
                var (exit, _, error) = await ExternalTool.RunAsync("xmllint", arguments);
                Assert.True(exit == 0, $"xmllint rejected {topic}.{format}: {error}");
            }
        }
    }

    [Fact]
    public async Task Xmllint_Grammar_RejectsAnAtomFeedWithoutId()
    {
        using var folder = new TempFolder();
        var file = folder.File("no-id.atom");
        await File.WriteAllTextAsync(file, """<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><updated>2024-01-01T00:00:00Z</updated></feed>""");

        var (exit, _, _) = await ExternalTool.RunAsync("xmllint", ["--noout", "--nonet", "--relaxng", Path.Combine(TestPaths.TestData("publish"), "atom.rng"), file]);

        Assert.NotEqual(0, exit);
    }
}
