namespace Aggregator.Publish;

/// <summary>How the feeds name their producer (Atom generator, RSS generator).</summary>
public static class Generator
{
    public const string Name = "Aggregator";
}
