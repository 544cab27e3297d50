using System.Diagnostics;
using System.Globalization;
using System.Text;
using HumanzCni.Netlink;

namespace HumanzCni.Chain.Pipeline;

/// <summary>How long each stage of one call took, and how much of it went on waiting for the kernel in netlink calls, for the call's log line.</summary>
internal sealed class StageTimings
{
    private readonly List<(string Stage, TimeSpan Elapsed, TimeSpan Kernel)> _entries = [];

    /// <summary>Each stage's time and the part of it spent in netlink send and receive calls (<see cref="NetlinkKernelTime"/>), in the order they ran.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Elapsed, TimeSpan Kernel)> Entries => _entries;

    /// <summary>
    /// Where a stage starts: now, and the calling thread's netlink kernel time so far (with what it runs in a pod's
    /// namespace; not what it hands to other threads). Pass it to <see cref="Record"/> on the same thread when the stage ends.
    /// </summary>
    public static StageStart Start() => new(Stopwatch.GetTimestamp(), NetlinkKernelTime.Ticks);

    /// <summary>Records <paramref name="stage"/> as having run since <paramref name="start"/>.</summary>
    public void Record(string stage, StageStart start) =>
        _entries.Add((stage, Stopwatch.GetElapsedTime(start.Timestamp), Stopwatch.GetElapsedTime(0, NetlinkKernelTime.Ticks - start.KernelTicks)));

    /// <summary>"parse=0.05ms ipam=0.31ms veth=1.1ms(kernel=0.62ms) ...": a stage that made netlink calls says how long the kernel took.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (stage, elapsed, kernel) in _entries)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(stage).Append('=');
            AppendMilliseconds(text, elapsed);
            if (kernel > TimeSpan.Zero)
            {
                AppendMilliseconds(text.Append("(kernel="), kernel).Append(')');
            }
        }

        return text.ToString();
    }

    private static StringBuilder AppendMilliseconds(StringBuilder text, TimeSpan time) =>
        text.Append(time.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
}
