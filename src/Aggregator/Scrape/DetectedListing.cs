using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// The repeated structure automatic detection chose: its items in page order, a CSS-like path naming it (groups taken
/// together joined by " + ") and, when more than one group was taken or the evidence was of another kind, why.
/// </summary>
internal sealed record DetectedListing(IReadOnlyList<IElement> Items, string Path, double Score, string? Why = null);
