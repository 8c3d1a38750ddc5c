using Aggregator.Bench.Shared;
using Aggregator.Normalize;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks;

/// <summary>Sanitizing two items' content:encoded (~4 KB: paragraphs, a srcset image, tracked links, a script and an embed).</summary>
[MemoryDiagnoser]
public class SanitizeBenchmarks
{
    private static readonly Uri BaseUri = new("https://popularresistance.example/2026/10/01/post/");
    private string _html = "";

    [GlobalSetup]
    public void Setup() => _html = BenchInputs.Instance.ContentHtml;

    [Benchmark]
    public int Sanitize() => HtmlSanitizer.Sanitize(_html, BaseUri).Length;
}
