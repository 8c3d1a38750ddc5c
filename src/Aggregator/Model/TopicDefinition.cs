namespace Aggregator.Model;

/// <summary>A topic as configured: which outlets feed it and which terms select its articles.</summary>
public sealed record TopicDefinition
{
    /// <summary>The built-in topic holding every article.</summary>
    public const string AllId = "all";

    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Outlet ids; empty means every outlet.</summary>
    public IReadOnlyList<string> Outlets { get; init; } = [];

    public static TopicDefinition All { get; } = new() { Id = AllId, Title = "All articles" };
}
