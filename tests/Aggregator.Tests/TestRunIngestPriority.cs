using System.Runtime.CompilerServices;
using Aggregator.Scheduling;

namespace Aggregator.Tests;

/// <summary>
/// The workers this test run starts, in process and as child processes, poll at the worker's own priority unless a
/// test says otherwise. The default (IngestPriority.Default) puts polls 10 nice steps below the readers, and in a test
/// run every other test's threads would count as readers: on CI's two busy cores a worker's polls could then wait many
/// times longer than they do alone, and a test waiting for them would time out. Tests of the default unset it in the
/// child's environment (an empty value counts as unset).
/// </summary>
internal static class TestRunIngestPriority
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The setting must be in place before any test starts a worker.")]
    internal static void KeepPollsAtTheWorkersPriority()
    {
        if (Environment.GetEnvironmentVariable(IngestPriority.EnvironmentVariable) is null)
        {
            Environment.SetEnvironmentVariable(IngestPriority.EnvironmentVariable, "normal");
        }
    }
}
