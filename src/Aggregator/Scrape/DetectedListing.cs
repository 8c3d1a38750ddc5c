using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>The repeated structure automatic detection chose: its items in page order and a CSS-like path naming it.</summary>
internal sealed record DetectedListing(IReadOnlyList<IElement> Items, string Path, double Score);
