namespace Aggregator.Store;

/// <summary>One outlet's full-text backlog: pages waiting, pages given up on, and when the next is due.</summary>
public sealed record BacklogCount(string OutletId, int Waiting, int GivenUp, DateTimeOffset? NextAttempt);
