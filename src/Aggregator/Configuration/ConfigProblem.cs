namespace Aggregator.Configuration;

/// <summary>
/// One thing wrong with feeds.json, printed like a compiler diagnostic so editors and CI can jump to it.
/// <paramref name="Path"/> is the JSON path (outlets[2].url, topics[0].outlets[1], or $ for the document).
/// </summary>
public sealed record ConfigProblem(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Path}: {Message}";
}
