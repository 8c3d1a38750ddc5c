namespace Aggregator.Dedup;

/// <summary>What identifies a stored article inside its outlet, and what tells whether a candidate changed it.</summary>
/// <param name="Dated">The stored version's updated date, else its published date: what a replayed push is older than.</param>
internal sealed record StoredIdentity(long Seq, string? SourceId, string CanonicalUrl, string Hash, DateTimeOffset FirstSeen, DateTimeOffset? Dated = null);
