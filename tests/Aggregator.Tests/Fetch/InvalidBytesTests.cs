using System.Text;
using Aggregator.Fetch;
using Aggregator.Tests.Cli;
using Aggregator.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Fetch;

/// <summary>
/// Bytes a body's declared charset cannot decode become U+FFFD: the bodies that had any are counted per outlet and
/// charset on /metrics and shown in the poll's note (`status`, `explain OUTLET`), through a real worker and a Kestrel outlet.
/// </summary>
public sealed class InvalidBytesTests
{
    private static readonly Encoding ShiftJis = GetShiftJis();

    /// <summary>An RSS feed in Shift_JIS whose second title holds two sequences that are not Shift_JIS (a lead byte before a space, twice).</summary>
    private static byte[] Feed(bool broken)
    {
        var bytes = new List<byte>();
        void Text(string text) => bytes.AddRange(ShiftJis.GetBytes(text));
        Text("""<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><title>東京ニュース</title><link>https://sjis.example/</link><description>d</description>""");
        Text("<item><title>東京の天気</title><link>https://sjis.example/1</link></item>");
        Text("<item><title>大阪");
        if (broken)
        {
            bytes.AddRange([0x81, 0x20, 0x81, 0x20]);
        }
        Text("の記事</title><link>https://sjis.example/2</link></item></channel></rss>");
        return [.. bytes];
    }

    [Fact]
    public void ABodyWithBytesInvalidInItsCharset_IsCountedOnce_HoweverOftenItIsDecoded()
    {
        using var watch = InvalidBytes.Watch();

        var charset = BodyDecoder.Choose(Feed(broken: true), "application/rss+xml");
        var text = charset.GetString(Feed(broken: true));
        _ = charset.GetString(Feed(broken: true));

        Assert.Equal("shift_jis", charset.Label);
        Assert.Equal(2, text.Count(c => c == '\uFFFD'));
        Assert.Contains("東京の天気", text, StringComparison.Ordinal);
        Assert.Equal([("shift_jis", 1, 2L)], watch.ByCharset);
    }

    [Fact]
    public void AValidBody_CountsNothing_AndDecodesAsTheSharedEncodingDoes()
    {
        using var watch = InvalidBytes.Watch();
        var body = Feed(broken: false);

        var text = BodyDecoder.Decode(body, "application/rss+xml").Text;

        Assert.Equal(ShiftJis.GetString(body), text);
        Assert.Empty(watch.ByCharset);
    }

    [Fact]
    public async Task AFeedWithBytesInvalidInItsCharset_IsCountedPerOutletAndCharset_AndExplained()
    {
        await using var outlet = await LoopbackApp.StartAsync(app =>
            app.MapGet("/sjis.rss", () => Results.Bytes(Feed(broken: true), "application/rss+xml")));
        await using var world = await OutletsWorld.StartAsync();
        await File.WriteAllTextAsync(world.ConfigPath, $$"""
            { "defaults": { "interval": "30m" }, "outlets": [ { "id": "sjis", "url": "{{new Uri(outlet.Address, "sjis.rss")}}" } ] }
            """);

        var metrics = await RunningWorker.MetricsAfterFirstPollAsync(world, "sjis");
        var explain = await CliRunner.RunAsync(world.Args("explain", "sjis"));

        Assert.Contains("aggregator_fetch_invalid_bodies_total{charset=\"shift_jis\",outlet=\"sjis\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_fetch_replaced_sequences_total{charset=\"shift_jis\",outlet=\"sjis\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("aggregator_items_total{kind=\"new\",outlet=\"sjis\"} 2", metrics, StringComparison.Ordinal);
        var line = Assert.Single(explain.Lines, l => l.StartsWith("sjis ", StringComparison.Ordinal));
        Assert.Contains("note: fetch: 1 body had bytes invalid in shift_jis (2 shown as U+FFFD)", line, StringComparison.Ordinal);
    }

    private static Encoding GetShiftJis()
    {
        // BodyDecoder registers the code pages the runtime keeps opt-in.
        _ = BodyDecoder.Windows1252;
        return Encoding.GetEncoding("shift_jis");
    }
}
