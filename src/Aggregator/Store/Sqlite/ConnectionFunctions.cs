using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// The store's SQL functions, registered once per physical SQLite connection and kept for its life.
/// <see cref="SqliteConnection.CreateFunction{T1, TResult}(string, Func{T1, TResult})"/> is not safe for a pooled
/// connection: it re-registers on every open and unregisters on every return to the pool, and SQLitePCL frees the
/// previous delegate's handle before SQLite has let go of it. SQLite refuses the change while a statement is active
/// (SQLITE_BUSY) and keeps calling through the freed handle, and Microsoft.Data.Sqlite 10 can lend one physical
/// connection to two owners at once (dotnet/efcore#39008), so one owner's open freed the function another owner's
/// trigger was running: a NullReferenceException in SQLitePCL's callback bridge, which ends the process. Registered
/// here, the handle lives exactly as long as the native connection, which releases it after it is closed.
/// </summary>
internal static class ConnectionFunctions
{
    // Keyed by the physical connection's handle object, which a pool keeps across opens and drops when it closes the file.
    private static readonly ConditionalWeakTable<sqlite3, HashSet<string>> Registered = [];

    private static long _failures;

    /// <summary>Calls of a registered function that threw: the statement fails with the store's error instead of the exception crossing into SQLite.</summary>
    public static long Failures => Interlocked.Read(ref _failures);

    /// <summary>Registers <paramref name="function"/> as a deterministic SQL function unless this physical connection already has it.</summary>
    public static void Ensure(SqliteConnection connection, string name, int arity, delegate_function_scalar function)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException($"store: {name} needs an open connection");
        var names = Registered.GetValue(handle, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        lock (names)
        {
            if (names.Contains(name))
            {
                return;
            }
            var rc = raw.sqlite3_create_function(handle, name, arity, raw.SQLITE_DETERMINISTIC, null, Guarded(function));
            SqliteException.ThrowExceptionForRC(rc, handle);
            names.Add(name);
        }
    }

    /// <summary>Whether this physical connection has <paramref name="name"/> registered (tests).</summary>
    internal static bool Has(SqliteConnection connection, string name) =>
        connection.Handle is { } handle && Registered.TryGetValue(handle, out var names) && names.Contains(name);

    // An exception cannot cross the native frames of sqlite3_step: the runtime would end the process.
    private static delegate_function_scalar Guarded(delegate_function_scalar function) => (context, state, args) =>
    {
        try
        {
            function(context, state, args);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            try
            {
                raw.sqlite3_result_error(context, $"store: SQL function failed: {e.Message}".ReplaceLineEndings(" "));
            }
            catch (Exception)
            {
                // Nothing more can be told to SQLite: the statement gets NULL, and the failure is counted.
            }
        }
    };
}
