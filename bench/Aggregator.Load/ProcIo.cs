using System.Globalization;

namespace Aggregator.Load;

/// <summary>
/// CPU and disk writes read from /proc. A child that has exited and been reaped (Process.WaitForExit)
/// has its whole life added to the harness's own "children" CPU (/proc/self/stat cutime, cstime) and
/// to /proc/self/io: the difference across one child's life is that child's total, its last
/// checkpoint and close included, which a sample taken while it runs would miss.
/// </summary>
internal static class ProcIo
{
    /// <summary>write_bytes of an io file; 0 when it cannot be read.</summary>
    public static long WriteBytes(string ioFile)
    {
        try
        {
            foreach (var line in File.ReadLines(ioFile))
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                {
                    return long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
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

    /// <summary>CPU seconds of this process's reaped children, and bytes this process and they wrote.</summary>
    public static (double ChildCpuSeconds, long WriteBytes) Self()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // After the parenthesized command name: state is field 0, cutime 13, cstime 14 (clock ticks, 100 a second on Linux).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var cpu = (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        return (cpu, WriteBytes("/proc/self/io"));
    }
}
