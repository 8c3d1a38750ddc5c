using System.Diagnostics;
using System.Globalization;
using Aggregator.Scheduling;

namespace Aggregator.Tests.Fixtures;

/// <summary>
/// The real program as a child process (`dotnet aggregator.dll …`), so a crash, a stack overflow or
/// a SIGKILL hits it and not the test run, and its peak memory can be read from /proc.
/// </summary>
/// <remarks>
/// With <c>AGGREGATOR_TEST_EXECUTABLE</c> set to a published executable (a Native AOT publish's <c>aggregator</c>),
/// that file is started instead, so the same tests can judge the build operators run rather than the JIT dll built
/// beside them. A child's outlets all start at once (AGGREGATOR_START_WINDOW=0) unless the test or the test run names a
/// window.
/// </remarks>
public sealed class AggregatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;
    private readonly Task _watcher;
    private readonly CancellationTokenSource _stopWatching = new();
    private long _peakRssKb;

    private AggregatorProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
        _watcher = Task.Run(WatchMemoryAsync);
    }

    public long PeakRssMb => Interlocked.Read(ref _peakRssKb) / 1024;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Sends a POSIX signal (SIGHUP to reload, SIGTERM to stop) as an operator or systemd would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", $"-{name} {_process.Id}");
        kill.WaitForExit();
    }

    public static AggregatorProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>
    /// Started through nohup, so SIGHUP is ignored from the start, as a shell's background job, a CI runner or a
    /// supervisor may leave it (nohup execs in place: the process is the worker's own).
    /// </summary>
    public static AggregatorProcess StartUnderNohup(params string[] arguments) => Start(new Dictionary<string, string>(), arguments, "nohup");

    /// <param name="environment">Variables set for the child beside the test process's own.</param>
    public static AggregatorProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(environment, arguments, launcher: null);

    /// <summary>The executable named by <c>AGGREGATOR_TEST_EXECUTABLE</c>, or null to run this build's aggregator.dll.</summary>
    public static string? NativeExecutable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_TEST_EXECUTABLE") is { Length: > 0 } path
            ? File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"AGGREGATOR_TEST_EXECUTABLE names no file: {path}", path)
            : null;

    private static AggregatorProcess Start(IReadOnlyDictionary<string, string> environment, string[] arguments, string? launcher)
    {
        var native = NativeExecutable;
        var host = native
            ?? (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet");
        var start = new ProcessStartInfo(launcher ?? host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Every due outlet polled at once, not spread over 30 s of real time that each test would wait through. A test of
        // the spread itself names its window; a whole run can keep the default by setting the variable (the window's
        // before/after in tests/README.md).
        start.Environment.TryAdd(StartWindow.EnvironmentVariable, "0");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        if (launcher is not null)
        {
            start.ArgumentList.Add(host);
        }
        if (native is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aggregator.dll"));
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return new AggregatorProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start aggregator"));
    }

    public async Task<(int ExitCode, string Output, string Error)> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _stopWatching.CancelAsync();
        return (_process.ExitCode, await _output, await _error);
    }

    /// <summary>SIGKILL: no chance to flush, close or clean up.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had finished already.
        }
        await _process.WaitForExitAsync();
        await _stopWatching.CancelAsync();
    }

    private async Task WatchMemoryAsync()
    {
        var status = $"/proc/{_process.Id}/status";
        while (!_stopWatching.IsCancellationRequested)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync(status))
                {
                    // VmHWM: the resident set's high-water mark, kept by the kernel.
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                    {
                        InterlockedMax(ref _peakRssKb, kb);
                    }
                }
            }
            catch (IOException)
            {
                return;
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
            try
            {
                await Task.Delay(25, _stopWatching.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _stopWatching.Cancel();
        _watcher.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
        _stopWatching.Dispose();
    }
}
