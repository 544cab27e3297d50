using System.Net;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Tests.Ipam;

public sealed class RangeSetTests
{
    [Fact]
    public void Empty_set_is_rejected()
    {
        var error = Assert.Throws<IpamConfigException>(() => RangeSet.Create([], "ipam.ranges[1]"));

        Assert.Equal("ipam.ranges[1] is empty; give it at least one range with a subnet", error.Message);
    }

    [Fact]
    public void Mixed_families_are_rejected()
    {
        var error = Assert.Throws<IpamConfigException>(
            () => RangeSet.Create([IpRange.Parse("10.1.2.0/24"), IpRange.Parse("fd00::/64")], "ipam.ranges[0]"));

        Assert.StartsWith("ipam.ranges[0][1] fd00::/64 (range fd00::1-fd00::ffff:ffff:ffff:ffff) is not the same address family", error.Message);
        Assert.Contains("put it in a range set of its own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_ranges_are_rejected()
    {
        var error = Assert.Throws<IpamConfigException>(
            () => RangeSet.Create(
                [IpRange.Parse("10.1.2.0/24", "10.1.2.10", "10.1.2.20"), IpRange.Parse("10.1.2.0/24", "10.1.2.20", "10.1.2.30")],
                "ipam.ranges[0]"));

        Assert.Equal(
            "ipam.ranges[0][1] 10.1.2.0/24 (range 10.1.2.20-10.1.2.30) overlaps ipam.ranges[0][0] 10.1.2.0/24 (range 10.1.2.10-10.1.2.20); "
            + "make their rangeStart..rangeEnd disjoint",
            error.Message);
    }

    [Fact]
    public void RangeOf_finds_the_range_holding_an_address()
    {
        IpRange first = IpRange.Parse("10.1.2.0/24");
        IpRange second = IpRange.Parse("10.1.3.0/24");
        RangeSet set = RangeSet.Create([first, second]);

        Assert.Same(second, set.RangeOf(IPAddress.Parse("10.1.3.7")));
        Assert.Null(set.RangeOf(IPAddress.Parse("10.1.4.7")));
    }
}
