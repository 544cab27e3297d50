using System.Globalization;

namespace HumanzCni.ClusterBench;

/// <summary>A process's CPU time so far (utime + stime) and its peak RSS, from /proc.</summary>
internal sealed record ProcessUsage(TimeSpan Cpu, long PeakRssKib)
{
    /// <summary>USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux build that matters.</summary>
    private const double TicksPerSecond = 100;

    public static ProcessUsage Read(int pid)
    {
        // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var hwm = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(hwm["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcessUsage(TimeSpan.FromSeconds(ticks / TicksPerSecond), kib);
    }
}
