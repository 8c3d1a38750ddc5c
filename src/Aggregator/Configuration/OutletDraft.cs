namespace Aggregator.Configuration;

/// <summary>An outlet to add to feeds.json (by `add` or `import-opml`).</summary>
public sealed record OutletDraft(string Id, string Name, Uri Url, string? Type = null);
