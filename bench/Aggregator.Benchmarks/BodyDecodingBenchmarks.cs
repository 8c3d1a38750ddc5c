using System.Text;
using Aggregator.Fetch;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>
/// A valid body in a legacy charset, decoded with the runtime's shared encoding against the copy with the counting
/// fallback that <see cref="BodyDecoder"/> now gives each body (Fetch/InvalidBytes): the fallback runs only at an
/// invalid byte, so the two should cost the same; Choose adds the copy itself, once per body.
/// </summary>
[MemoryDiagnoser]
public class BodyDecodingBenchmarks
{
    private byte[] _body = null!;
    private Encoding _shared = null!;
    private Encoding _counting = null!;

    [Params("windows-1251", "shift_jis")]
    public string Charset { get; set; } = "windows-1251";

    [GlobalSetup]
    public void Setup()
    {
        _ = BodyDecoder.Windows1252;
        _shared = Encoding.GetEncoding(Charset);
        var words = Charset == "shift_jis" ? "東京の天気と大阪の記事、" : "Новости дня и погода в Москве, ";
        var text = new StringBuilder($"<?xml version=\"1.0\" encoding=\"{Charset}\"?><rss version=\"2.0\"><channel><title>t</title>");
        while (text.Length < 100_000)
        {
            text.Append("<item><title>").Append(words).Append("</title><description>").Append(words).Append(words).Append("</description></item>");
        }
        text.Append("</channel></rss>");
        _body = _shared.GetBytes(text.ToString());
        _counting = BodyDecoder.Choose(_body, null).Encoding!;
    }

    [Benchmark(Baseline = true)]
    public int SharedEncoding() => _shared.GetString(_body).Length;

    [Benchmark]
    public int CountingCopy() => _counting.GetString(_body).Length;

    [Benchmark]
    public int ChooseThenDecode() => BodyDecoder.Choose(_body, null).GetString(_body).Length;
}
