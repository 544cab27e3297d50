using System.Net;
using System.Net.NetworkInformation;
using HumanzCni.Agent.Vxlan;

namespace HumanzCni.Tests.Agent;

public sealed class VtepMacTests
{
    [Theory]
    [InlineData("200.0.0.30", "0A68C800001E")]
    [InlineData("10.0.0.1", "0A680A000001")]
    [InlineData("255.255.255.255", "0A68FFFFFFFF")]
    [InlineData("::ffff:200.0.0.30", "0A68C800001E")]
    public void Ipv4_CarriesTheAddressBytesWhole(string underlay, string expected)
    {
        Assert.Equal(PhysicalAddress.Parse(expected), VtepMac.From(IPAddress.Parse(underlay)));
    }

    [Fact]
    public void Ipv4_DistinctAddressesNeverShareAMac()
    {
        // Exhaustive over a /16 (and the mapping is byte-for-byte, so over all of IPv4).
        var macs = Enumerable.Range(0, 1 << 16)
            .Select(i => VtepMac.From(new IPAddress(new byte[] { 200, 0, (byte)(i >> 8), (byte)i })).ToString())
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1 << 16, macs.Count);
    }

    [Fact]
    public void Ipv6_IsStable_AndDiffersFromItsNeighbours()
    {
        var mac = VtepMac.From(IPAddress.Parse("fd00:200::30"));

        Assert.Equal(mac, VtepMac.From(IPAddress.Parse("fd00:200:0:0::30")));
        Assert.Equal(0x0e, mac.GetAddressBytes()[0]);
        var neighbours = Enumerable.Range(0, 1 << 16)
            .Select(i => VtepMac.From(IPAddress.Parse($"fd00:200::{i:x}")).ToString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(1 << 16, neighbours.Count);
    }

    [Theory]
    [InlineData("200.0.0.30")]
    [InlineData("0.0.0.0")]
    [InlineData("fd00:200::30")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8:ffff::ffff")]
    public void IsAlwaysLocallyAdministeredUnicast(string underlay)
    {
        var first = VtepMac.From(IPAddress.Parse(underlay)).GetAddressBytes()[0];

        Assert.Equal(0x02, first & 0x03);
    }

    [Fact]
    public void Ipv4AndIpv6MacsNeverMeet()
    {
        Assert.NotEqual(VtepMac.From(IPAddress.Parse("200.0.0.30")).GetAddressBytes()[0], VtepMac.From(IPAddress.Parse("fd00:200::30")).GetAddressBytes()[0]);
    }
}
