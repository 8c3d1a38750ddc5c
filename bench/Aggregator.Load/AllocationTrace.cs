using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Aggregator.Load;

/// <summary>
/// The bytes a short-lived child allocates and the collections it runs, over its whole life, read from its EventPipe
/// (`Microsoft-Windows-DotNETRuntime`, GC keyword, Verbose: an allocation tick every ~100 KB carries the exact amount
/// since the last one, so their sum misses less than 100 KB per heap). `poll` serves no /metrics to scrape, and
/// attaching after it starts would miss its first allocations: the child is started suspended
/// (<see cref="SuspendedEnvironment"/>) and resumed once the session runs.
/// </summary>
internal sealed class AllocationTrace
{
    private readonly Dictionary<int, long> _collections = [];
    private readonly Dictionary<string, long> _fullReasons = new(StringComparer.Ordinal);
    private readonly RuntimeEventSession _events;
    private long _allocated;

    private AllocationTrace(DiagnosticsClient client) =>
        _events = RuntimeEventSession.Start(client, EventLevel.Verbose, ClrTraceEventParser.Keywords.GC, clr =>
        {
            clr.GCAllocationTick += data => _allocated += data.AllocationAmount64;
            clr.GCStart += data =>
            {
                _collections[data.Depth] = _collections.GetValueOrDefault(data.Depth) + 1;
                if (data.Depth == 2)
                {
                    // What asked for a full collection (AllocLarge, Induced, LowMemory...) says whose it is to remove.
                    var reason = $"{data.Reason} {data.Type}";
                    _fullReasons[reason] = _fullReasons.GetValueOrDefault(reason) + 1;
                }
            };
        });

    /// <summary>The runtime waits at start-up for a tool on its diagnostic port to resume it.</summary>
    public static IReadOnlyDictionary<string, string> SuspendedEnvironment { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["DOTNET_DefaultDiagnosticPortSuspend"] = "1" };

    /// <summary>Opens the session on a child started with <see cref="SuspendedEnvironment"/>, then lets it run.</summary>
    public static async Task<AllocationTrace> AttachAndResumeAsync(ChildProcess child, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // The diagnostic socket appears a moment after the process does.
                var client = new DiagnosticsClient(child.Id);
                var trace = new AllocationTrace(client);
                client.ResumeRuntime();
                return trace;
            }
            catch (Exception e) when (e is ServerNotAvailableException or IOException or UnsupportedCommandException && waited.Elapsed < TimeSpan.FromSeconds(30) && !child.HasExited)
            {
                await Task.Delay(20, ct);
            }
        }
    }

    /// <summary>Waits for the child's stream to end (call after it has exited) and returns what it allocated and collected.</summary>
    public async Task<(long AllocatedBytes, IReadOnlyDictionary<int, long> CollectionsByDepth, IReadOnlyDictionary<string, long> FullCollectionReasons)> CompleteAsync()
    {
        await _events.CompleteAsync();
        return (_allocated, _collections, _fullReasons);
    }
}
