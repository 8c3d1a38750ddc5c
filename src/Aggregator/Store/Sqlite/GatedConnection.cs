using Microsoft.Data.Sqlite;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A pooled connection whose open and close never overlap another's in this process. Microsoft.Data.Sqlite 10's pool
/// marks a connection active a moment before it records its owner (and unmarks it a moment after forgetting it); an open
/// that finds the pool empty meanwhile takes it for leaked, reclaims it, and the pool lends the one physical connection
/// to two owners (dotnet/efcore#39008): one poll's statements then ran inside another's transaction, or its BEGIN failed.
/// Taking a pooled connection and giving it back cost microseconds, so one lock for all of them costs nothing measurable.
/// </summary>
internal sealed class GatedConnection(string connectionString) : SqliteConnection(connectionString)
{
    private static readonly Lock Gate = new();

    public override void Open()
    {
        lock (Gate)
        {
            base.Open();
        }
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        lock (Gate)
        {
            base.Close();
        }
    }

    /// <summary>Empties the pools under the same lock: clearing reclaims what it takes for leaked too.</summary>
    public static void ClearAllPoolsGated()
    {
        lock (Gate)
        {
            ClearAllPools();
        }
    }
}
