using Aggregator.Model;

namespace Aggregator.Configuration;

/// <summary>A loaded config, or every problem found; Config is null whenever there is a problem.</summary>
public sealed record ConfigLoadResult(AggregatorConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Config is not null && Problems.Count == 0;
}
