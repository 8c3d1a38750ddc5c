namespace Aggregator.Store;

/// <summary>
/// One drained page: its main content (the article's content from now on, with the topics it decides),
/// or, when it could not be read, the article's next place in the backlog.
/// </summary>
public sealed record PageOutcome(DuePage Page, string? Content, IReadOnlyList<string> Topics, BacklogState? Retry)
{
    public static PageOutcome Fetched(DuePage page, string content, IReadOnlyList<string> topics) => new(page, content, topics, null);

    public static PageOutcome Failed(DuePage page, BacklogState retry) => new(page, null, [], retry);
}
