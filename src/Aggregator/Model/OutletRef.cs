namespace Aggregator.Model;

/// <summary>How a published item names an outlet: its id, display name, feed or listing URL and home page.</summary>
public sealed record OutletRef(string Id, string Name, Uri Url, Uri? HomePage = null);
