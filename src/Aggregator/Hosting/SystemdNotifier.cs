using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Hosting;

/// <summary>
/// The sd_notify protocol, for a `Type=notify` unit: one datagram per state change on the Unix
/// socket systemd names in $NOTIFY_SOCKET. Hand-written because Microsoft.Extensions.Hosting.Systemd
/// is not in the package set we build from. Does nothing when $NOTIFY_SOCKET is unset (a terminal,
/// a container, a test), and a failed send never stops the worker: readiness is a courtesy to
/// systemd, not a reason to die.
/// </summary>
public sealed class SystemdNotifier(string? socketPath)
{
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool IsEnabled => !string.IsNullOrEmpty(socketPath);

    /// <summary>Sends one state ("READY=1", "STOPPING=1", "WATCHDOG=1", "STATUS=…"); false when disabled or unsent.</summary>
    public bool Notify(string state)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return false;
        }
        // '@' names a socket in Linux's abstract namespace, which the socket address spells with a leading NUL.
        var address = socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, new UnixDomainSocketEndPoint(address));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// READY=1 once the host has started (migrations done, Kestrel listening), STOPPING=1 when
    /// shutdown begins, and WATCHDOG=1 at half the unit's WatchdogSec= while running. Dispose to detach.
    /// </summary>
    public IDisposable AttachTo(IHostApplicationLifetime lifetime, TimeSpan? watchdogInterval = null)
    {
        if (!IsEnabled)
        {
            return new Attachment([], null);
        }
        var interval = watchdogInterval ?? WatchdogInterval(
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
        var timer = interval is { } every
            ? new Timer(_ => Notify("WATCHDOG=1"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : null;
        var started = lifetime.ApplicationStarted.Register(() =>
        {
            Notify("READY=1");
            timer?.Change(interval!.Value / 2, interval.Value / 2);
        });
        var stopping = lifetime.ApplicationStopping.Register(() =>
        {
            timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Notify("STOPPING=1");
        });
        return new Attachment([started, stopping], timer);
    }

    /// <summary>sd_watchdog_enabled(3): $WATCHDOG_USEC applies when $WATCHDOG_PID is unset or names this process.</summary>
    public static TimeSpan? WatchdogInterval(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }
        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }
        return TimeSpan.FromMicroseconds(usec);
    }

    private sealed class Attachment(CancellationTokenRegistration[] registrations, Timer? timer) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
            timer?.Dispose();
        }
    }
}
