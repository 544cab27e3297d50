using System.Net;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Tests.Ipam;

public sealed class IpRangeTests
{
    [Fact]
    public void Ipv4_defaults_span_the_hosts_between_network_and_broadcast()
    {
        IpRange range = IpRange.Parse("10.1.2.0/24");

        Assert.Equal(IPAddress.Parse("10.1.2.1"), range.RangeStart);
        Assert.Equal(IPAddress.Parse("10.1.2.254"), range.RangeEnd);
        Assert.Null(range.Gateway);
    }

    [Fact]
    public void Default_gateway_is_the_first_host_only_when_asked_for()
    {
        IpRange range = IpRange.Parse("10.1.2.0/24", defaultGateway: true);

        Assert.Equal(IPAddress.Parse("10.1.2.1"), range.Gateway);
    }

    [Fact]
    public void Explicit_bounds_and_gateway_are_kept()
    {
        IpRange range = IpRange.Create(
            IPNetwork.Parse("192.168.0.0/16"),
            IPAddress.Parse("192.168.1.10"),
            IPAddress.Parse("192.168.1.20"),
            IPAddress.Parse("192.168.0.254"),
            defaultGateway: true);

        Assert.Equal("192.168.0.0/16 (range 192.168.1.10-192.168.1.20)", range.ToString());
        Assert.Equal(IPAddress.Parse("192.168.0.254"), range.Gateway);
    }

    [Fact]
    public void Ipv6_defaults_run_to_the_last_address()
    {
        IpRange range = IpRange.Parse("fd00:1::/120");

        Assert.Equal(IPAddress.Parse("fd00:1::1"), range.RangeStart);
        Assert.Equal(IPAddress.Parse("fd00:1::ff"), range.RangeEnd);
    }

    [Theory]
    [InlineData("10.1.2.0/24", "10.1.2.300", null, null,
        "ipam.ranges[0][0].rangeStart \"10.1.2.300\" is not an IP address")]
    [InlineData("10.1.2.0/24", "10.1.3.5", null, null,
        "ipam.ranges[0][0].rangeStart 10.1.3.5 is not a usable address of subnet 10.1.2.0/24; pick one from 10.1.2.1 to 10.1.2.254")]
    [InlineData("10.1.2.0/24", null, "10.1.2.255", null,
        "ipam.ranges[0][0].rangeEnd 10.1.2.255 is not a usable address of subnet 10.1.2.0/24; pick one from 10.1.2.1 to 10.1.2.254")]
    [InlineData("10.1.2.0/24", "10.1.2.200", "10.1.2.100", null,
        "ipam.ranges[0][0].rangeStart 10.1.2.200 is after rangeEnd 10.1.2.100; a range runs from rangeStart up to rangeEnd, so swap them")]
    [InlineData("10.1.2.0/24", null, null, "10.9.9.9",
        "ipam.ranges[0][0].gateway 10.9.9.9 is not a usable address of subnet 10.1.2.0/24; pick one from 10.1.2.1 to 10.1.2.254")]
    [InlineData("10.1.2.0/24", "fd00::5", null, null,
        "ipam.ranges[0][0].rangeStart fd00::5 is IPv6 but subnet 10.1.2.0/24 is IPv4")]
    [InlineData("10.1.2.0/31", null, null, null,
        "ipam.ranges[0][0].subnet 10.1.2.0/31 is too small to allocate from: it leaves no room for a gateway and pods; use a prefix of /30 or shorter")]
    [InlineData("10.1.2.0/32", null, null, null,
        "ipam.ranges[0][0].subnet 10.1.2.0/32 is too small to allocate from: it leaves no room for a gateway and pods; use a prefix of /30 or shorter")]
    [InlineData("fd00::/127", null, null, null,
        "ipam.ranges[0][0].subnet fd00::/127 is too small to allocate from: it leaves no room for a gateway and pods; use a prefix of /126 or shorter")]
    [InlineData("fd00::/128", null, null, null,
        "ipam.ranges[0][0].subnet fd00::/128 is too small to allocate from: it leaves no room for a gateway and pods; use a prefix of /126 or shorter")]
    [InlineData("10.1.2.5/24", null, null, null,
        "ipam.ranges[0][0].subnet 10.1.2.5/24 has host bits set; the /24 network holding 10.1.2.5 is 10.1.2.0/24, write that instead")]
    [InlineData("10.1.2.0", null, null, null,
        "ipam.ranges[0][0].subnet \"10.1.2.0\" is not a subnet in CIDR form such as 10.1.2.0/24 or fd00:1::/64")]
    [InlineData("10.1/16", null, null, null,
        "ipam.ranges[0][0].subnet \"10.1/16\" is not a subnet in CIDR form such as 10.1.2.0/24 or fd00:1::/64")]
    [InlineData("10.1.2.0/24", "10.1.2.1", "10.1.2.1", "10.1.2.1",
        "ipam.ranges[0][0] holds only its gateway 10.1.2.1; widen rangeStart..rangeEnd or move the gateway")]
    public void Invalid_ranges_are_rejected_naming_the_field_and_the_fix(
        string subnet, string? rangeStart, string? rangeEnd, string? gateway, string message)
    {
        var error = Assert.Throws<IpamConfigException>(
            () => IpRange.Parse(subnet, rangeStart, rangeEnd, gateway, fieldPath: "ipam.ranges[0][0]"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Empty_strings_count_as_left_out()
    {
        IpRange range = IpRange.Parse("10.1.2.0/30", "", "", "");

        Assert.Equal("10.1.2.0/30 (range 10.1.2.1-10.1.2.2)", range.ToString());
    }

    [Fact]
    public void Contains_covers_exactly_start_to_end()
    {
        IpRange range = IpRange.Parse("10.1.2.0/24", "10.1.2.10", "10.1.2.20");

        Assert.True(range.Contains(IPAddress.Parse("10.1.2.10")));
        Assert.True(range.Contains(IPAddress.Parse("10.1.2.20")));
        Assert.False(range.Contains(IPAddress.Parse("10.1.2.9")));
        Assert.False(range.Contains(IPAddress.Parse("10.1.2.21")));
        Assert.False(range.Contains(IPAddress.Parse("::ffff:10.1.2.15")));
    }
}
