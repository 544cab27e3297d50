using System.Globalization;

namespace HumanzCni.Netlink;

/// <summary>
/// Converts between microseconds and the packet scheduler's "ticks", the unit of time fields such as
/// tc_tbf_qopt.buffer. The kernel publishes the conversion in /proc/net/psched; this reads it exactly as
/// iproute2's tc_core_init does, so the numbers sent match what `tc` would send.
/// </summary>
public sealed class PacketSchedulerClock
{
    /// <summary>TIME_UNITS_PER_SEC in iproute2: tc's time unit is the microsecond.</summary>
    public const double MicrosecondsPerSecond = 1_000_000;

    private const string ProcPath = "/proc/net/psched";

    private static readonly Lazy<PacketSchedulerClock> KernelClock = new(() => Parse(File.ReadAllText(ProcPath)));

    private PacketSchedulerClock(double ticksPerMicrosecond) => TicksPerMicrosecond = ticksPerMicrosecond;

    /// <summary>The running kernel's clock (read once per process; it never changes while the system runs).</summary>
    public static PacketSchedulerClock Kernel => KernelClock.Value;

    /// <summary>iproute2's tick_in_usec: 15.625 on current kernels (a tick is 64 ns).</summary>
    public double TicksPerMicrosecond { get; }

    /// <summary>Parses the content of /proc/net/psched: t2us, us2t, clock_res (and hz, unused) as 8-digit hex words.</summary>
    public static PacketSchedulerClock Parse(string psched)
    {
        ArgumentNullException.ThrowIfNull(psched);
        var words = psched.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3
            || !uint.TryParse(words[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var ticksToMicroseconds)
            || !uint.TryParse(words[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var microsecondsToTicks)
            || !uint.TryParse(words[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var clockResolution)
            || microsecondsToTicks == 0)
        {
            throw new FormatException($"{ProcPath} does not hold three hex words: \"{psched.Trim()}\"");
        }

        // The kernel advertises a multiplier of 1000 for a nanosecond clock to keep very old tc binaries
        // working; iproute2 undoes that hack, and so must we to agree with it.
        if (clockResolution == 1_000_000_000)
        {
            ticksToMicroseconds = microsecondsToTicks;
        }

        var clockFactor = clockResolution / MicrosecondsPerSecond;
        return new PacketSchedulerClock((double)ticksToMicroseconds / microsecondsToTicks * clockFactor);
    }

    /// <summary>tc_core_time2tick: whole microseconds to ticks, truncated as tc truncates.</summary>
    public uint MicrosecondsToTicks(uint microseconds) => (uint)(microseconds * TicksPerMicrosecond);

    /// <summary>tc_core_tick2time: ticks back to whole microseconds.</summary>
    public uint TicksToMicroseconds(uint ticks) => (uint)(ticks / TicksPerMicrosecond);

    /// <summary>tc_calc_xmittime: the ticks it takes to send <paramref name="bytes"/> at the given rate.</summary>
    public uint TransmitTicks(ulong bytesPerSecond, uint bytes) =>
        MicrosecondsToTicks((uint)(MicrosecondsPerSecond * ((double)bytes / bytesPerSecond)));

    /// <summary>tc_calc_xmitsize: the bytes sent at the given rate in <paramref name="ticks"/>.</summary>
    public uint TransmitBytes(ulong bytesPerSecond, uint ticks) =>
        (uint)((double)bytesPerSecond * TicksToMicroseconds(ticks) / MicrosecondsPerSecond);
}
