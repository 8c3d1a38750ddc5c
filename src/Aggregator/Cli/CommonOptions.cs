using System.CommandLine;
using Aggregator.Hosting;

namespace Aggregator.Cli;

/// <summary>CONTRACT §2 common options, with their environment-variable fallbacks.</summary>
public static class CommonOptions
{
    public static readonly Option<string> Config = new("--config")
    {
        Description = "Path of feeds.json (default: feeds.json, or $AGGREGATOR_CONFIG)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGGREGATOR_CONFIG") is { Length: > 0 } path ? path : "feeds.json",
    };

    public static readonly Option<string> Data = new("--data")
    {
        Description = "Data folder; the database is DATA/aggregator.db (default: ./data, or $AGGREGATOR_DATA)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGGREGATOR_DATA") is { Length: > 0 } path ? path : "data",
    };

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Where articles are stored: sqlite (default: DATA/aggregator.db) or a PostgreSQL database shared by several workers, " +
            "as postgres://user:password@host:port/db or Host=…;Database=… (or $AGGREGATOR_STORE)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AGGREGATOR_STORE") is { Length: > 0 } store ? store : null,
    };

    /// <exception cref="Aggregator.Store.StoreException">--store is not a store this program can open.</exception>
    public static AggregatorPaths Paths(ParseResult parse) =>
        new(Path.GetFullPath(parse.GetValue(Config)!), Path.GetFullPath(parse.GetValue(Data)!))
        {
            Store = Aggregator.Store.StoreLocation.Parse(parse.GetValue(Store)),
        };
}
