using System.Globalization;
using System.Runtime.InteropServices;

namespace Aggregator.Hosting;

/// <summary>
/// SIGHUP for the whole process, taken once and kept: each SIGHUP asks every subscribed <see cref="ConfigReloader"/> to
/// reload, and none ends the process.
/// A process started under nohup (or by a runner or supervisor that ignores SIGHUP) inherits SIGHUP ignored, and .NET
/// respects an inherited ignore: <see cref="PosixSignalRegistration.Create"/> succeeds but its handler never runs. Every
/// operator's SIGHUP was then dropped without a word (SignalTests waited 4 minutes for a reload whenever the test run
/// itself had been started under nohup). Since SIGHUP never ends this process, lifting the ignore keeps what nohup asks
/// for (surviving a hangup), and the registration is kept for the life of the process so a hangup after a host stopped
/// does not end it either.
/// </summary>
internal static class HangupSignal
{
    private const int SigHup = 1;
    private const nint SigDefault = 0;
    private const nint SigIgnore = 1;

    private static readonly Lock Gate = new();
    private static PosixSignalRegistration? _registration;
    private static Action? _subscribers;

    /// <summary>Calls <paramref name="reload"/> on every SIGHUP until the returned subscription is disposed.</summary>
    public static IDisposable Subscribe(Action reload, out HangupState state)
    {
        lock (Gate)
        {
            state = _registration is null ? Register() : Current();
            _subscribers += reload;
        }
        return new Subscription(reload);
    }

    private static HangupState Register()
    {
        // Lifted only when ignored: resetting a disposition the runtime had installed would drop its handler.
        var lifted = OperatingSystem.IsLinux() && IsSet("SigIgn") == true && Signal(SigHup, SigDefault) == SigIgnore;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // SIGHUP means "reload" to operators and systemd's ExecReload, never "hang up and die".
            context.Cancel = true;
            Volatile.Read(ref _subscribers)?.Invoke();
        });
        if (lifted && IsSet("SigCgt") == false)
        {
            // The runtime took SIGHUP earlier while it was ignored and will not install its handler now: ignored it stays,
            // rather than left to end the process.
            Signal(SigHup, SigIgnore);
        }
        return lifted && Current() == HangupState.Taken ? HangupState.TakenDespiteInheritedIgnore : Current();
    }

    private static HangupState Current() => IsSet("SigIgn") == true ? HangupState.Ignored : HangupState.Taken;

    /// <summary>Whether SIGHUP is in the mask <paramref name="field"/> of /proc/self/status; null where there is no /proc.</summary>
    private static bool? IsSet(string field)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line.AsSpan(field.Length + 1).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)
            ? (mask & (1UL << (SigHup - 1))) != 0
            : null;
    }

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);

    private sealed class Subscription(Action reload) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                _subscribers -= reload;
            }
        }
    }
}
