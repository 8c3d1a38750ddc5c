using System.Diagnostics;

namespace Aggregator.Tests.Hostile;

/// <summary>
/// A small tmpfs mounted over a folder, so a test can make the store's file system truly read-only
/// (remount ro) rather than pretend. Needs root, which CI and the development machines have.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly string _path;

    private TmpfsMount(string path) => _path = path;

    public static TmpfsMount Create(string path)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", path);
        return new TmpfsMount(path);
    }

    public void Remount(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", _path);

    public void Dispose() => Run("umount", "-l", _path);

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
        }
    }
}
