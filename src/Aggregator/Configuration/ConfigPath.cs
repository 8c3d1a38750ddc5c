namespace Aggregator.Configuration;

/// <summary>Builds the JSON paths problems are reported under: defaults.interval, outlets[2].url.</summary>
internal static class ConfigPath
{
    public const string Root = "$";

    public static string Field(string parent, string name) => parent == Root ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";
}
