using System.Globalization;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Pipeline;

/// <summary>
/// A re-read feed normalizes only the entries that differ from its last successful read. Observed through the
/// store: every stored content hash is spoiled between polls, so an entry that is normalized again shows up
/// as updated and one that is skipped does not.
/// </summary>
public sealed class SeenEntriesTests : IAsyncLifetime, IDisposable
{
    private const int Items = 5;
    private readonly TempFolder _folder = new();
    private OutletServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await OutletServer.StartAsync(_folder.Path);
        _server.Set("seen.rss", Feed(changedItem: null));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    // A different comment is a different body (and ETag) with the same entries: the server answers in full, not 304.
    private static string Feed(int? changedItem, int round = 0) =>
        $"<!-- round {round} --><rss version=\"2.0\"><channel><title>Seen</title><link>https://seen.example/</link>" + string.Concat(Enumerable.Range(0, Items).Select(i =>
            $"<item><title>Story {i}{(i == changedItem ? " (corrected)" : "")}</title><link>https://seen.example/{i}</link>" +
            $"<description>&lt;p&gt;Paragraph {i} about the harbour strike.&lt;/p&gt;</description></item>")) + "</channel></rss>";

    private string Config(string topicWord) => $$"""
        { "topics": [ { "id": "t", "title": "T", "include": ["{{topicWord}}"] } ],
          "outlets": [ { "id": "seen", "url": "{{_server.Url("seen.rss")}}" } ] }
        """;

    private async Task<string> PollAsync(string topicWord)
    {
        await File.WriteAllTextAsync(_folder.File("feeds.json"), Config(topicWord));
        var result = await CliRunner.RunAsync("poll", "--config", _folder.File("feeds.json"), "--data", _folder.File("data"));
        Assert.Equal(0, result.ExitCode);
        return Assert.Single(result.Lines);
    }

    private async Task SpoilStoredHashesAsync()
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_folder.File("data"), "aggregator.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "UPDATE articles SET content_hash = 'spoiled';";
        Assert.Equal(Items, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task ReadAgain_WithOneEntryChanged_NormalizesOnlyThatEntry()
    {
        Assert.StartsWith($"seen  ok  new={Items} updated=0", await PollAsync("strike"), StringComparison.Ordinal);
        await SpoilStoredHashesAsync();
        _server.Set("seen.rss", Feed(changedItem: 3));

        Assert.StartsWith("seen  ok  new=0 updated=1", await PollAsync("strike"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAgain_AfterTheTopicsChanged_NormalizesEveryEntry()
    {
        await PollAsync("strike");
        await SpoilStoredHashesAsync();
        _server.Set("seen.rss", Feed(changedItem: 3));

        // Another topic definition can put the same entries in other topics: none of them may be skipped.
        Assert.StartsWith($"seen  ok  new=0 updated={Items}", await PollAsync("harbour"), StringComparison.Ordinal);
    }

    private async Task<string> StoredSettingAsync()
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_folder.File("data"), "aggregator.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = 'entries:seen';";
        return Assert.IsType<string>(await command.ExecuteScalarAsync());
    }

    private async Task StoreSettingAsync(string value)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_folder.File("data"), "aggregator.db")};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "UPDATE settings SET value = $value WHERE key = 'entries:seen';";
        command.Parameters.AddWithValue("$value", value);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task ThreePolls_EachItsOwnProcess_FindTheSameEntriesSeen_AndOnlyTheChangedOneNew()
    {
        Assert.StartsWith($"seen  ok  new={Items} updated=0", await PollAsync("strike"), StringComparison.Ordinal);
        // Sixteen bytes a fingerprint, end to end: the setting is rewritten whole whenever the outlet has something new.
        Assert.Equal(Convert.ToBase64String(new byte[Items * 16]).Length, (await StoredSettingAsync()).Length);
        await SpoilStoredHashesAsync();

        _server.Set("seen.rss", Feed(changedItem: null, round: 1));
        Assert.StartsWith("seen  ok  new=0 updated=0", await PollAsync("strike"), StringComparison.Ordinal);
        await SpoilStoredHashesAsync();
        _server.Set("seen.rss", Feed(changedItem: 3, round: 2));

        Assert.StartsWith("seen  ok  new=0 updated=1", await PollAsync("strike"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingInTheEarlierJsonForm_IsRead_AndItsEntriesFoundSeen()
    {
        await PollAsync("strike");
        var fingerprints = Convert.FromBase64String(await StoredSettingAsync()).Chunk(16).Select(Convert.ToHexString).ToList();
        Assert.Equal(Items, fingerprints.Count);
        // As builds before base64 wrote it: a JSON list of upper-case hex strings.
        await StoreSettingAsync("[" + string.Join(',', fingerprints.Select(f => $"\"{f}\"")) + "]");
        await SpoilStoredHashesAsync();
        _server.Set("seen.rss", Feed(changedItem: null, round: 1));

        Assert.StartsWith("seen  ok  new=0 updated=0", await PollAsync("strike"), StringComparison.Ordinal);
        Assert.Equal(fingerprints, Convert.FromBase64String(await StoredSettingAsync()).Chunk(16).Select(Convert.ToHexString).ToList());
    }
}
