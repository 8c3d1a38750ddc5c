using System.Runtime.InteropServices;

namespace Aggregator.Scheduling;

/// <summary>
/// The calling thread's nice value (Linux). .NET's <see cref="Thread.Priority"/> does nothing on Linux, but there
/// the nice value belongs to each thread, and a thread may lower its own priority without any privilege.
/// </summary>
internal static class ThreadNice
{
    // PRIO_PROCESS with who = 0 names the calling thread on Linux (the kernel resolves 0 to the current task), not the process.
    private const int PrioProcess = 0;
    private const int Lowest = 19;

    /// <summary>The calling thread's nice value; null off Linux or if the call failed.</summary>
    public static int? OfCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        Marshal.SetLastPInvokeError(0);
        var nice = NativeMethods.getpriority(PrioProcess, 0);
        // -1 is also a valid nice value: only errno tells a failure apart.
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    /// <summary>Makes the calling thread <paramref name="steps"/> nice steps less favoured (at most 19); false where that is not possible.</summary>
    public static bool LowerCurrentThread(int steps)
    {
        if (OfCurrentThread() is not { } nice)
        {
            return false;
        }
        return NativeMethods.setpriority(PrioProcess, 0, Math.Min(Lowest, nice + steps)) == 0;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int getpriority(int which, uint who);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int setpriority(int which, uint who, int prio);
    }
}
