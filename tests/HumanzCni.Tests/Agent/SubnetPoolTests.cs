using System.Net;
using HumanzCni.Agent.Subnets;

namespace HumanzCni.Tests.Agent;

public sealed class SubnetPoolTests
{
    [Fact]
    public void A_16_cut_into_24s_has_256_subnets_in_address_order()
    {
        var pool = new SubnetPool(IPNetwork.Parse("100.100.0.0/16"), 24);

        Assert.Equal(256, pool.Count);
        Assert.Equal(IPNetwork.Parse("100.100.0.0/24"), pool[0]);
        Assert.Equal(IPNetwork.Parse("100.100.1.0/24"), pool[1]);
        Assert.Equal(IPNetwork.Parse("100.100.255.0/24"), pool[255]);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool[256]);
    }

    [Theory]
    [InlineData("10.0.0.0/8", 26, 1 << 18)]
    [InlineData("100.100.0.0/16", 15, 0)]
    [InlineData("100.100.0.0/16", 33, 0)]
    public void Sizes_that_do_not_fit_or_make_too_many_subnets_are_refused(string range, int size, int _)
    {
        Assert.Throws<ArgumentException>(() => new SubnetPool(IPNetwork.Parse(range), size));
    }

    [Fact]
    public void Odd_sizes_and_ipv6_step_correctly()
    {
        var v4 = new SubnetPool(IPNetwork.Parse("100.100.0.0/23"), 25);
        Assert.Equal(["100.100.0.0/25", "100.100.0.128/25", "100.100.1.0/25", "100.100.1.128/25"], Enumerable.Range(0, v4.Count).Select(i => v4[i].ToString()));

        var v6 = new SubnetPool(IPNetwork.Parse("fd00:100::/56"), 64);
        Assert.Equal(256, v6.Count);
        Assert.Equal(IPNetwork.Parse("fd00:100:0:ff::/64"), v6[255]);
    }

    [Fact]
    public void Contains_only_its_own_aligned_subnets()
    {
        var pool = new SubnetPool(IPNetwork.Parse("100.100.0.0/16"), 24);

        Assert.True(pool.Contains(IPNetwork.Parse("100.100.7.0/24")));
        Assert.False(pool.Contains(IPNetwork.Parse("100.101.7.0/24")));
        Assert.False(pool.Contains(IPNetwork.Parse("100.100.7.0/25")));
        Assert.False(pool.Contains(IPNetwork.Parse("fd00::/24")));
    }

    [Fact]
    public void Keys_name_the_subnet_in_one_path_segment_and_parse_back()
    {
        var subnet = IPNetwork.Parse("100.100.7.0/24");

        var key = SubnetPool.KeyOf(subnet);

        Assert.Equal("/humanz-cni/subnets/100.100.7.0-24", key);
        Assert.True(SubnetPool.TryParseKey(key, out var parsed));
        Assert.Equal(subnet, parsed);
        Assert.True(SubnetPool.TryParseKey("/humanz-cni/subnets/fd00:1::-64", out var v6));
        Assert.Equal(IPNetwork.Parse("fd00:1::/64"), v6);
    }

    [Theory]
    [InlineData("/humanz-cni/other/100.100.7.0-24")]
    [InlineData("/humanz-cni/subnets/100.100.7.0")]
    [InlineData("/humanz-cni/subnets/100.100.7.1-24")]
    [InlineData("/humanz-cni/subnets/garbage-24")]
    public void Keys_that_are_not_subnet_leases_are_not_parsed(string key)
    {
        Assert.False(SubnetPool.TryParseKey(key, out _));
    }
}
