using Aggregator.Store;

namespace Aggregator.Hosting;

/// <summary>Where the configuration and the data live (CONTRACT §2 --config, --data and --store).</summary>
public sealed record AggregatorPaths(string ConfigPath, string DataDirectory)
{
    public string DatabasePath => Path.Combine(DataDirectory, "aggregator.db");

    /// <summary>SQLite in <see cref="DataDirectory"/> unless `--store` names a shared PostgreSQL database.</summary>
    public StoreLocation Store { get; init; } = StoreLocation.Sqlite;
}
