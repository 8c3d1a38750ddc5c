namespace Aggregator.Model;

/// <summary>A whole valid feeds.json. Topics exclude the built-in "all", which <see cref="AllTopics"/> adds.</summary>
public sealed record AggregatorConfig
{
    public Defaults Defaults { get; init; } = new();
    public IReadOnlyList<Outlet> Outlets { get; init; } = [];
    public IReadOnlyList<TopicDefinition> Topics { get; init; } = [];

    public IEnumerable<TopicDefinition> AllTopics => Topics.Prepend(TopicDefinition.All);
}
