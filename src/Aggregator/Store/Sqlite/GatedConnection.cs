using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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

    /// <summary>
    /// Lookaside slots per physical connection: SQLite's default of 100 covers a simple statement, but the article insert
    /// (its indexes, foreign keys and RETURNING) and a poll's lookups hold more objects at once while they run and compile,
    /// and every object past the slots is a malloc and a free.
    /// </summary>
    internal const int LookasideSlots = 1000;

    /// <summary>The size of a lookaside slot: SQLite's default (larger objects go to malloc either way).</summary>
    internal const int LookasideSlotBytes = 1200;

    // Keyed by the physical connection's handle object, which a pool keeps across opens (as ConnectionFunctions' table).
    private static readonly ConditionalWeakTable<sqlite3, PhysicalSettings> Configured = [];

    /// <summary>What one physical connection was given, kept as long as its handle.</summary>
    private sealed class PhysicalSettings
    {
        /// <summary>The PRAGMA batch last run on it (<see cref="EnsureSettings"/>).</summary>
        public string? Pragmas;

        /// <summary>How often a batch was run on it (tests prove a pooled connection is not given it again).</summary>
        public int Runs;
    }

    static GatedConnection()
    {
        // SQLite counts every allocation under one process-wide mutex while it keeps memory statistics (its default);
        // nothing here reads them, and a cold poll's SQLite mallocs and frees number in the millions. The setting only
        // takes before SQLite initializes, which its first open does, so it is made here, before this class opens one.
        Batteries_V2.Init();
        MemoryStatisticsOff = raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }

    /// <summary>
    /// False when SQLite was already initialized by another connection of this process before this class was first used
    /// (only tests do that): the statistics are then kept, which changes speed, nothing else.
    /// </summary>
    internal static bool MemoryStatisticsOff { get; }

    public override void Open()
    {
        lock (Gate)
        {
            base.Open();
        }
        ConfigureLookaside();
    }

    /// <summary>
    /// Once per physical connection, right after its first open, while no statement holds lookaside memory. Were SQLite
    /// to refuse (SQLITE_BUSY: memory in use), the connection keeps the default, which changes speed, nothing else.
    /// </summary>
    private void ConfigureLookaside()
    {
        var handle = Handle!;
        if (!Configured.TryGetValue(handle, out _))
        {
            _ = raw.sqlite3_db_config(handle, raw.SQLITE_DBCONFIG_LOOKASIDE, IntPtr.Zero, LookasideSlotBytes, LookasideSlots);
            Configured.AddOrUpdate(handle, new PhysicalSettings());
        }
    }

    /// <summary>
    /// Runs <paramref name="pragmas"/> (per-connection settings SQLite does not keep in the file) unless this physical
    /// connection was given the same batch before: a pooled connection keeps its settings across opens, and each PRAGMA
    /// run anew was a compile (four an open, two opens a poll: issue 23). A different batch (a store on the same file
    /// with another size cap, a lowered log bound) is run again on each connection it reaches.
    /// </summary>
    internal void EnsureSettings(string pragmas)
    {
        var settings = Configured.GetValue(Handle!, _ => new PhysicalSettings());
        if (ReferenceEquals(settings.Pragmas, pragmas) || settings.Pragmas == pragmas)
        {
            return;
        }
        using (var command = CreateCommand())
        {
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
        }
        settings.Pragmas = pragmas;
        settings.Runs++;
    }

    /// <summary>How often a PRAGMA batch was run on this physical connection (tests).</summary>
    internal int SettingsRuns => Configured.TryGetValue(Handle!, out var settings) ? settings.Runs : 0;

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
