namespace Aggregator.Store.Postgres;

/// <summary>Which plan a PostgreSQL search page runs: the store chooses; tests run each alone to compare their answers.</summary>
internal enum PostgresSearchPlan
{
    /// <summary>Newest-first within its budget, the GIN index when that finds less than a page.</summary>
    Chosen,

    /// <summary>Only the newest-first walk, short when its budget runs out.</summary>
    NewestFirst,

    /// <summary>Only the GIN index plan.</summary>
    MatchIndex,
}
