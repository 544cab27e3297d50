using HumanzCni.Netlink;

namespace HumanzCni.Tests.Netlink;

/// <summary>
/// The TBF numbers against iproute2's arithmetic (tc_core.c, q_tbf.c), worked by hand for a kernel whose
/// /proc/net/psched reads "000003e8 00000040 000f4240 3b9aca00" (every kernel since 2.6.x with hrtimers).
/// </summary>
public sealed class TbfParametersTests
{
    private static readonly PacketSchedulerClock Clock = PacketSchedulerClock.Parse("000003e8 00000040 000f4240 3b9aca00\n");
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(25);

    [Fact]
    public void Psched_of_a_current_kernel_gives_64_ns_ticks()
    {
        // t2us / us2t * clock_res / 1e6 = 1000 / 64 * 1.
        Assert.Equal(15.625, Clock.TicksPerMicrosecond);
    }

    [Fact]
    public void Psched_advertising_a_nanosecond_clock_gets_iproute2s_compatibility_fix()
    {
        // clock_res 1e9: t2us is replaced by us2t, so 1024 / 1024 * 1000.
        Assert.Equal(1000, PacketSchedulerClock.Parse("000003e8 00000400 3b9aca00 3b9aca00").TicksPerMicrosecond);
    }

    [Fact]
    public void Psched_that_is_not_three_hex_words_is_refused()
    {
        Assert.Throws<FormatException>(() => PacketSchedulerClock.Parse("000003e8 zz"));
    }

    [Theory]
    // rate 10mbit burst 65536: 1e6 * 65536 / 1250000 = 52428.8 us -> 52428 -> * 15.625 = 819187.5 -> 819187 ticks;
    // limit 1250000 * 25000 / 1e6 + 65536 = 96786.
    [InlineData(1_250_000UL, 65_536U, 819_187U, 96_786U)]
    // rate 20mbit burst 32768: 13107.2 us -> 13107 -> 204796.875 -> 204796 ticks; limit 62500 + 32768.
    [InlineData(2_500_000UL, 32_768U, 204_796U, 95_268U)]
    // rate 1mbit burst 1540 (one frame): 12320 us -> 192500 ticks; limit 3125 + 1540.
    [InlineData(125_000UL, 1_540U, 192_500U, 4_665U)]
    public void For_rate_burst_and_latency_gives_the_buffer_ticks_and_limit_tc_sends(ulong rate, uint burst, uint bufferTicks, uint limit)
    {
        var tbf = TbfParameters.For(rate, burst, Latency, Clock);

        Assert.Equal(new TbfParameters(rate, burst, limit, bufferTicks), tbf);
    }

    [Fact]
    public void A_rate_of_100_gbit_saturates_nothing_in_the_math()
    {
        // 12.5e9 B/s does not fit tc_ratespec.rate, but the arithmetic is done on 64 bits:
        // 1e6 * 1048576 / 12.5e9 = 83.886 us -> 83 -> 1296.875 -> 1296 ticks; limit 312500000 + 1048576.
        var tbf = TbfParameters.For(12_500_000_000, 1_048_576, Latency, Clock);

        Assert.Equal(1_296U, tbf.BufferTicks);
        Assert.Equal(313_548_576U, tbf.LimitBytes);
    }

    [Fact]
    public void Ticks_convert_back_to_the_burst_as_tc_show_derives_it()
    {
        // tc_calc_xmitsize: 819187 / 15.625 = 52427.97 us -> 52427 -> 1250000 * 52427 / 1e6 = 65533.75 -> 65533.
        Assert.Equal(65_533U, Clock.TransmitBytes(1_250_000, 819_187));
    }

    [Fact]
    public void Zero_rate_or_burst_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TbfParameters.For(0, 1_000, Latency, Clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => TbfParameters.For(1_000, 0, Latency, Clock));
    }
}
