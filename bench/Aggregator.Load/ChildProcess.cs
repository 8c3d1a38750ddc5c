using System.Diagnostics;
using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// A program under test started as a child process, its output read line by line (each line handed
/// to <see cref="Line"/> with the harness clock), its memory read from /proc.
/// `dotnet app.dll` runs the app inside the dotnet host process, so the PID is the app's.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _tail = [];

    private ChildProcess(Process process) => _process = process;

    /// <summary>Raised on every stdout or stderr line, with seconds since the harness started.</summary>
    public event Action<string>? Line;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_tail)
            {
                return [.. _tail];
            }
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, Action<string>? onLine = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // The child's own defaults, not whatever the harness was started with.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        if (onLine is not null)
        {
            child.Line += onLine;
        }
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Peak resident set (VmHWM) so far, in MB; 0 once the process is gone.</summary>
    public double PeakRssMb() => ReadStatusKb("VmHWM:") / 1024.0;

    public double RssMb() => ReadStatusKb("VmRSS:") / 1024.0;

    /// <summary>Threads the process has now (/proc/PID/status): growth under load is the thread pool injecting threads for blocked ones.</summary>
    public long Threads() => ReadStatusKb("Threads:");

    /// <summary>User plus system CPU time so far (/proc/PID/stat), in seconds; 0 once the process is gone.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces: state is first, utime 12th, stime 13th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Bytes the process caused to be written to storage so far (/proc/PID/io write_bytes); 0 once it is gone.</summary>
    public long WriteBytes() => ProcIo.WriteBytes($"/proc/{_process.Id}/io");

    /// <summary>SIGTERM, as systemd stops the service; SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_tail)
        {
            _tail.Add(line);
            if (_tail.Count > 200)
            {
                _tail.RemoveRange(0, 100);
            }
        }
        Line?.Invoke(line);
    }

    private long ReadStatusKb(string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
