namespace Aggregator.Store;

/// <summary>What one application of retention removed.</summary>
/// <param name="Pruned">Articles deleted (each left a tombstone behind).</param>
/// <param name="TombstonesDropped">Tombstones whose outlet had not listed them for a whole retention period.</param>
/// <param name="FreedBytes">Space the store gave back (SQLite: pages returned by incremental vacuum; PostgreSQL: what its size shrank by, usually 0 until autovacuum).</param>
public sealed record PruneResult(int Pruned, int TombstonesDropped, long FreedBytes)
{
    public static PruneResult None { get; } = new(0, 0, 0);

    public PruneResult Add(PruneResult other) => new(Pruned + other.Pruned, TombstonesDropped + other.TombstonesDropped, FreedBytes + other.FreedBytes);

    /// <summary>The line `aggregator prune` prints (CONTRACT extension in the README).</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"pruned={Pruned} tombstones={TombstonesDropped} freed={FreedBytes}");
}
