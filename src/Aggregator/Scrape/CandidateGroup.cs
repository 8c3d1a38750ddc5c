using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// Siblings of one shape (tag and shared class) under one parent, or under several parents of one shape
/// that are themselves siblings: Joomla prints two or three items per "items-row", Bootstrap grids per "row".
/// </summary>
internal sealed class CandidateGroup(IElement? grandparent, string parentShape, string childShape)
{
    public IElement? Grandparent { get; } = grandparent;

    public string ParentShape { get; } = parentShape;

    public string ChildShape { get; } = childShape;

    public List<IElement> Members { get; } = [];

    /// <summary>How many other groups of the same path (a year's list beside the other years') were merged into this one.</summary>
    public int Cousins { get; set; }
}
