namespace HumanzCni.Netlink;

/// <summary>
/// The numbers of a token bucket filter qdisc (`tc qdisc ... tbf rate R burst B limit L`), in the units the
/// kernel takes them: bytes per second, bytes, and the bucket size also expressed as scheduler ticks.
/// </summary>
/// <param name="RateBytesPerSecond">The sustained rate.</param>
/// <param name="BurstBytes">The bucket size: how much may go out at once after a pause.</param>
/// <param name="LimitBytes">How many bytes may wait in the queue for tokens before packets are dropped.</param>
/// <param name="BufferTicks">tc_tbf_qopt.buffer: the time sending <paramref name="BurstBytes"/> takes at the rate, in ticks.</param>
public sealed record TbfParameters(ulong RateBytesPerSecond, uint BurstBytes, uint LimitBytes, uint BufferTicks)
{
    /// <summary>
    /// The parameters `tc qdisc add ... tbf rate RATE burst BURST latency LATENCY` sends: the limit is what
    /// the rate drains in the latency plus the burst, the buffer is the burst's transmit time (q_tbf.c).
    /// </summary>
    public static TbfParameters For(ulong rateBytesPerSecond, uint burstBytes, TimeSpan latency, PacketSchedulerClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfZero(rateBytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfZero(burstBytes);
        var latencyMicroseconds = (uint)(latency.Ticks / TimeSpan.TicksPerMicrosecond);
        var limit = (uint)Math.Min(uint.MaxValue, (rateBytesPerSecond * (double)latencyMicroseconds / PacketSchedulerClock.MicrosecondsPerSecond) + burstBytes);
        return new TbfParameters(rateBytesPerSecond, burstBytes, limit, clock.TransmitTicks(rateBytesPerSecond, burstBytes));
    }
}
