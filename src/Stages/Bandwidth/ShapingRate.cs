using HumanzCni.Netlink;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>One direction's limit: a rate in bits per second and a bucket of burst bits.</summary>
internal sealed record ShapingRate(ulong RateBitsPerSecond, ulong BurstBits)
{
    /// <summary>How long a packet may wait for tokens: the reference plugin's (and tc's customary) 25 ms, which sizes the queue.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(25);

    /// <summary>The TBF qdisc enforcing this limit, in the kernel's byte and tick units.</summary>
    public TbfParameters ToTbf(PacketSchedulerClock clock) =>
        TbfParameters.For(RateBitsPerSecond / 8, (uint)(BurstBits / 8), Latency, clock);

    /// <summary>Whether a qdisc read back from the kernel enforces this limit (the burst comes back rounded to ticks).</summary>
    public bool IsEnforcedBy(TbfParameters actual, PacketSchedulerClock clock)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var wanted = ToTbf(clock);
        return actual.RateBytesPerSecond == wanted.RateBytesPerSecond
            && actual.LimitBytes == wanted.LimitBytes
            && Math.Abs((long)actual.BurstBytes - wanted.BurstBytes) <= 1 + (wanted.BurstBytes / 1000);
    }

    public override string ToString() => $"rate {RateBitsPerSecond} bit/s burst {BurstBits} bit";
}
