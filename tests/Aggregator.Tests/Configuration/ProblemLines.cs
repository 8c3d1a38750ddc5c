using Aggregator.Configuration;

namespace Aggregator.Tests.Configuration;

/// <summary>Loads config text as "feeds.json" and returns its problems as the CLI prints them.</summary>
internal static class ProblemLines
{
    public static string[] Of(string json) =>
        [.. ConfigLoader.Parse(json, "feeds.json").Problems.Select(p => p.ToString())];

    /// <summary>An otherwise valid config with one outlet made of <paramref name="outletFields"/>.</summary>
    public static string[] OfOutlet(string outletFields) =>
        Of("{\"outlets\": [{" + outletFields + "}]}");
}
