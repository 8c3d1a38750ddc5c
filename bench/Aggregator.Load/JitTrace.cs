using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

#pragma warning disable CS0618 // TimeStampQPC: the raw clock, to set against the probe's Stopwatch timestamps (see GcPauseTrace)

namespace Aggregator.Load;

/// <summary>
/// The methods the worker compiled in a window, by tier, read live from its EventPipe (JIT keyword, MethodLoadVerbose):
/// a request path still at its first code, or recompiled at tier 1 on a thread that waits for a core like any other, is
/// start-up inside the window rather than serving. A session of its own so the GC trace keeps its Informational level
/// (Verbose with the GC keyword would add an allocation tick every 100 KB).
/// </summary>
internal sealed class JitTrace
{
    private readonly List<JitCompile> _compiles = [];
    private readonly RuntimeEventSession _events;

    private JitTrace(int processId) =>
        _events = RuntimeEventSession.Start(new DiagnosticsClient(processId), EventLevel.Verbose, ClrTraceEventParser.Keywords.Jit,
            clr => clr.MethodLoadVerbose += data => _compiles.Add(new JitCompile(data.TimeStampQPC, data.OptimizationTier.ToString(), data.MethodNamespace)));

    public static JitTrace Start(int processId) => new(processId);

    /// <summary>Ends the session and returns what was compiled while it ran, in order.</summary>
    public async Task<IReadOnlyList<JitCompile>> StopAsync()
    {
        await _events.StopAsync();
        return _compiles;
    }
}

/// <param name="At">Stopwatch timestamp of the method's code being ready.</param>
/// <param name="Tier">The runtime's tier for that code (QuickJitted, OptimizedTier1, ...).</param>
/// <param name="Method">Namespace-qualified type of the method, to tell the request path's from ingest's.</param>
internal sealed record JitCompile(long At, string Tier, string Method);
