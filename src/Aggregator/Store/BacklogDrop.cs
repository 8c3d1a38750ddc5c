namespace Aggregator.Store;

/// <summary>Pages of one outlet taken out of the full-text backlog because nobody will fetch them any more.</summary>
public sealed record BacklogDrop(string OutletId, int Pages);
