using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// TimeStampQPC is "discouraged" in favour of times relative to the session, but only the raw clock can be set
// against the probe's Stopwatch timestamps.
#pragma warning disable CS0618

namespace Aggregator.Load;

/// <summary>
/// Every stop of the worker's threads for a collection in a window, read live from the child's EventPipe
/// (`Microsoft-Windows-DotNETRuntime`, GC keyword): from SuspendEEStart to RestartEEStop, with the generation,
/// reason and type of the collection(s) inside. A pause is what a request in flight feels, so it is measured as
/// the suspension, not the collection's own GCStart..GCEnd. Times are Stopwatch timestamps: on Linux the runtime's
/// event clock and Stopwatch are both CLOCK_MONOTONIC in nanoseconds.
/// </summary>
internal sealed class GcPauseTrace
{
    private readonly List<GcPause> _pauses = [];
    private readonly RuntimeEventSession _events;
    private long _suspendedAt = -1;
    private long _allSuspendedAt = -1;
    private int _depth = -1;
    private string _reason = "";
    private string _type = "";

    private GcPauseTrace(int processId) =>
        _events = RuntimeEventSession.Start(new DiagnosticsClient(processId), EventLevel.Informational, ClrTraceEventParser.Keywords.GC, clr =>
        {
            clr.GCSuspendEEStart += data => (_suspendedAt, _allSuspendedAt, _depth, _reason, _type) = (data.TimeStampQPC, -1, -1, data.Reason.ToString(), "");
            // Suspending waits for every managed thread to reach a safe point: on a machine short of cores, for threads
            // that are runnable but not running, so it is kept apart from the collection's own work.
            clr.GCSuspendEEStop += data => _allSuspendedAt = data.TimeStampQPC;
            clr.GCStart += OnStart;
            clr.GCRestartEEStop += OnRestart;
        });

    public static GcPauseTrace Start(int processId) => new(processId);

    /// <summary>Ends the session and returns the pauses that ended while it ran, in order.</summary>
    public async Task<IReadOnlyList<GcPause>> StopAsync()
    {
        await _events.StopAsync();
        return _pauses;
    }

    private void OnStart(GCStartTraceData data)
    {
        // A foreground gen0/gen1 inside a background gen2's suspension counts as the deeper one.
        if (data.Depth > _depth)
        {
            (_depth, _reason, _type) = (data.Depth, data.Reason.ToString(), data.Type.ToString());
        }
    }

    private void OnRestart(GCNoUserDataTraceData data)
    {
        if (_suspendedAt >= 0)
        {
            _pauses.Add(new GcPause(_suspendedAt, data.TimeStampQPC, _allSuspendedAt < 0 ? _suspendedAt : _allSuspendedAt, _depth, _reason, _type));
            _suspendedAt = -1;
        }
    }
}

/// <param name="Generation">The deepest collection started in the pause; -1 for a background collection's own suspensions.</param>
/// <param name="Suspended">When every thread had stopped (SuspendEEStop): Start..Suspended is the wait for them.</param>
internal sealed record GcPause(long Start, long End, long Suspended, int Generation, string Reason, string Type)
{
    public double Ms => (End - Start) * 1000.0 / Stopwatch.Frequency;

    public double SuspendingMs => (Suspended - Start) * 1000.0 / Stopwatch.Frequency;
}
