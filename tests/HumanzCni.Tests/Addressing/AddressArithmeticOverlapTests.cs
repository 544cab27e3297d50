using System.Net;
using System.Net.Sockets;
using HumanzCni.Addressing;

namespace HumanzCni.Tests.Addressing;

/// <summary>The one overlap test the agent's cluster sources and the plugin's peer check share, and the family names of their messages.</summary>
public sealed class AddressArithmeticOverlapTests
{
    [Theory]
    [InlineData("100.100.1.0/24", "100.100.1.0/24")] // the same network
    [InlineData("100.100.0.0/16", "100.100.7.0/24")] // one holds the other
    [InlineData("100.100.7.128/25", "100.100.0.0/16")] // the other way round
    [InlineData("0.0.0.0/0", "200.0.0.10/32")]
    [InlineData("fd00:100::/48", "fd00:100:0:7::/64")]
    [InlineData("fd00:100:0:7::/64", "fd00:100:0:7::/64")]
    [InlineData("::/0", "fd00::1/128")]
    public void Networks_sharing_an_address_overlap_in_either_order(string a, string b)
    {
        Assert.True(AddressArithmetic.Overlap(IPNetwork.Parse(a), IPNetwork.Parse(b)));
        Assert.True(AddressArithmetic.Overlap(IPNetwork.Parse(b), IPNetwork.Parse(a)));
    }

    [Theory]
    [InlineData("100.100.1.0/24", "100.100.2.0/24")] // adjacent: .1.255 and .2.0 are neighbours, not shared
    [InlineData("100.100.0.0/24", "100.100.1.0/25")]
    [InlineData("100.100.0.0/17", "100.100.128.0/17")] // the two halves of a /16
    [InlineData("10.0.0.0/8", "100.100.0.0/16")]
    [InlineData("fd00:100:0:1::/64", "fd00:100:0:2::/64")] // adjacent
    [InlineData("fd00:100::/64", "fd00:200::/48")]
    public void Disjoint_networks_do_not_overlap(string a, string b)
    {
        Assert.False(AddressArithmetic.Overlap(IPNetwork.Parse(a), IPNetwork.Parse(b)));
        Assert.False(AddressArithmetic.Overlap(IPNetwork.Parse(b), IPNetwork.Parse(a)));
    }

    [Theory]
    [InlineData("0.0.0.0/0", "::/0")] // every address of each family, still none in common
    [InlineData("100.100.1.0/24", "::ffff:100.100.1.0/120")] // the IPv4-mapped twin is an IPv6 network
    [InlineData("100.100.0.0/16", "fd00:100::/48")]
    public void Networks_of_different_families_never_overlap(string v4, string v6)
    {
        Assert.False(AddressArithmetic.Overlap(IPNetwork.Parse(v4), IPNetwork.Parse(v6)));
        Assert.False(AddressArithmetic.Overlap(IPNetwork.Parse(v6), IPNetwork.Parse(v4)));
    }

    [Fact]
    public void Families_are_named_as_messages_spell_them()
    {
        Assert.Equal("IPv4", AddressFamilyName.Of(AddressFamily.InterNetwork));
        Assert.Equal("IPv6", AddressFamilyName.Of(AddressFamily.InterNetworkV6));
    }
}
