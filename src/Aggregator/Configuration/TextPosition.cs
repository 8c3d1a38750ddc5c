namespace Aggregator.Configuration;

/// <summary>A 1-based line and column in the config text; columns count characters, not bytes.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition Start { get; } = new(1, 1);
}
