namespace Aggregator.Model;

/// <summary>CSS selectors for an HTML listing; each but Item is relative to the item and may end in "@attr".</summary>
public sealed record ScrapeRules(
    string Item,
    string? Title = null,
    string? Link = null,
    string? Summary = null,
    string? Published = null,
    string? Author = null,
    string? Image = null);
