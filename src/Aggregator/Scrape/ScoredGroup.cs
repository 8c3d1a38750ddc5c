using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>
/// A candidate group as detection measured it: the members that hold an article (one per link, page order), its
/// score, the path naming it, where it sits (main content, sidebar) and the article links and their patterns.
/// </summary>
internal sealed record ScoredGroup(
    CandidateGroup Group,
    IReadOnlyList<IElement> Items,
    IReadOnlyList<Uri> Links,
    double Score,
    string Path,
    FurnitureLevel Level,
    int Considered)
{
    /// <summary>The share of the group's members that hold an article: a list of teasers, not prose with a link or two.</summary>
    public double Qualifying => Considered == 0 ? 0 : (double)Items.Count / Considered;

    /// <summary>
    /// Members that link an article of the site but whose link text is too short to read as a headline on its own
    /// ("Cities", "Good taste"): articles once the group is known to be the listing, never evidence that it is one.
    /// </summary>
    public IReadOnlyList<(IElement Item, Uri Link)> ShortTitled { get; init; } = [];
}
