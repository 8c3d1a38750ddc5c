namespace Aggregator.Model;

/// <summary>How big the store is, for `status` and /metrics.</summary>
/// <param name="OldestArticle">The oldest stored article's date (published, else first seen): what retention ages by.</param>
/// <param name="SizeBytes">SQLite: the database's pages (without the WAL); PostgreSQL: pg_database_size.</param>
public sealed record StoreStats(long Articles, long Tombstones, DateTimeOffset? OldestArticle, long SizeBytes);
