namespace Aggregator.FullText;

/// <summary>
/// The text at each stage of the pass whose content was kept, so a missed paragraph can be put down to the stage
/// that lost it (pruning, the container choice, Readability's cleaning or the precision pass). Only the corpus
/// diagnostics fill it: rendering every stage costs more than the extraction itself.
/// </summary>
internal sealed class ExtractionTrace
{
    /// <summary>The body after pruning hidden, unlikely and byline nodes, before scoring.</summary>
    public string Pruned { get; set; } = string.Empty;

    /// <summary>The chosen container and the siblings gathered with it.</summary>
    public string Gathered { get; set; } = string.Empty;

    /// <summary>The same after Readability's cleaning, before the precision pass.</summary>
    public string Cleaned { get; set; } = string.Empty;

    /// <summary>The lede block put in front of the container, if any: so its cost in leaked furniture can be counted.</summary>
    public string Lede { get; set; } = string.Empty;

    /// <summary>The best-scored candidates and the container finally chosen, one line each: why a wrong container won.</summary>
    public List<string> Candidates { get; set; } = [];
}
