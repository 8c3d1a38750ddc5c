namespace Aggregator.Hosting;

/// <summary>Where the configuration and the data live (CONTRACT §2 --config and --data).</summary>
public sealed record AggregatorPaths(string ConfigPath, string DataDirectory)
{
    public string DatabasePath => Path.Combine(DataDirectory, "aggregator.db");
}
