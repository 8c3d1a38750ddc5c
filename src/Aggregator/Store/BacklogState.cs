namespace Aggregator.Store;

/// <summary>Where an article's page stands in its outlet's full-text backlog: still waiting, or given up on.</summary>
public sealed record BacklogState
{
    /// <summary>Failed attempts so far (a host's "come back later" is not counted: the page was never tried).</summary>
    public int Attempts { get; init; }

    /// <summary>When the page is next tried; the drain takes due pages only.</summary>
    public required DateTimeOffset NextAttempt { get; init; }

    /// <summary>The last attempt's one-line error ("fetch: not found (404 status code)").</summary>
    public string? LastError { get; init; }

    /// <summary>Set when the page is given up on: its reason label (http_404, robots, unreachable, no_content).</summary>
    public string? GivenUpReason { get; init; }

    public DateTimeOffset? GivenUpAt { get; init; }

    public bool GivenUp => GivenUpAt is not null;
}
