using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Aggregator.Load;

/// <summary>
/// One EventPipe session on a child's runtime provider (`Microsoft-Windows-DotNETRuntime`), its events read live on a task
/// of their own by the handlers a trace subscribes before reading starts. The JIT, GC-pause and allocation traces differ
/// only in the level, keywords and handlers; opening, reading and closing the session is the same for all of them.
/// </summary>
internal sealed class RuntimeEventSession
{
    private readonly EventPipeSession _session;
    private readonly Task _reader;

    private RuntimeEventSession(EventPipeSession session, Action<ClrTraceEventParser> subscribe)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        subscribe(source.Clr);
        _reader = Task.Run(source.Process);
    }

    /// <summary>
    /// Opens the session and starts reading. No rundown: the traces read events as they happen, not the methods and
    /// modules already loaded, which would only lengthen the stop.
    /// </summary>
    public static RuntimeEventSession Start(
        DiagnosticsClient client, EventLevel level, ClrTraceEventParser.Keywords keywords, Action<ClrTraceEventParser> subscribe)
    {
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", level, (long)keywords);
        return new RuntimeEventSession(client.StartEventPipeSession(provider, requestRundown: false), subscribe);
    }

    /// <summary>Ends the session while the child runs on, and returns once every event it sent has been handled.</summary>
    public async Task StopAsync()
    {
        await _session.StopAsync(CancellationToken.None);
        await CompleteAsync();
    }

    /// <summary>Returns once the stream has ended (the child has exited) and every event has been handled.</summary>
    public async Task CompleteAsync()
    {
        await _reader;
        _session.Dispose();
    }
}
