using System.Net;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Tests.CommandLine;

/// <summary>`agent --cluster-cidr V4,V6 --subnet-size N,M`: one range and one subnet size per family, and what is refused.</summary>
public sealed class DualStackCommandLineTests
{
    private static readonly string[] Etcd = ["--etcd", "http://200.0.0.2:2379", "--node-interface", "eth1"];

    [Fact]
    public void Two_ranges_get_one_size_each_in_order()
    {
        var (options, errors) = AgentCommandLine.Parse([.. Etcd, "--cluster-cidr", "100.100.0.0/16, fd00:100::/48", "--subnet-size", "24,64", "--ip-masq"]);

        Assert.Empty(errors);
        Assert.Equal(
            [new ClusterRange(IPNetwork.Parse("100.100.0.0/16"), 24), new ClusterRange(IPNetwork.Parse("fd00:100::/48"), 64)],
            options!.ClusterRanges);
        Assert.Equal(["100.100.0.0/16", "fd00:100::/48"], options.Conflist.NonMasqueradeCidrs);
    }

    [Fact]
    public void Without_subnet_size_each_family_gets_its_default_and_node_address_takes_one_per_family()
    {
        var (options, errors) = AgentCommandLine.Parse(
            "--etcd", "http://200.0.0.2:2379", "--cluster-cidr", "fd00:100::/48,100.100.0.0/16", "--node-address", "200.0.0.10,fd00:200::10");

        Assert.Empty(errors);
        Assert.Equal([64, 24], options!.ClusterRanges.Select(r => r.SubnetSize));
        Assert.Equal([IPAddress.Parse("200.0.0.10"), IPAddress.Parse("fd00:200::10")], options.NodeAddresses);
        Assert.Equal(IPAddress.Parse("fd00:200::10"), options.ResolveNodeAddress(System.Net.Sockets.AddressFamily.InterNetworkV6));
    }

    [Theory]
    [InlineData("--cluster-cidr 100.100.0.0/16,100.101.0.0/16: give one range, or one IPv4 and one IPv6 range (dual-stack), e.g. 100.100.0.0/16,fd00:100::/48", "--cluster-cidr", "100.100.0.0/16,100.101.0.0/16")]
    [InlineData("--cluster-cidr 100.100.0.0/16,fd00:100::/48,fd00:101::/48: give one range, or one IPv4 and one IPv6 range (dual-stack), e.g. 100.100.0.0/16,fd00:100::/48", "--cluster-cidr", "100.100.0.0/16,fd00:100::/48,fd00:101::/48")]
    [InlineData("--subnet-size 24 gives 1 size(s) for 2 --cluster-cidr range(s): give one per range, in the same order (e.g. --cluster-cidr 100.100.0.0/16,fd00:100::/48 --subnet-size 24,64)", "--cluster-cidr", "100.100.0.0/16,fd00:100::/48", "--subnet-size", "24")]
    [InlineData("--cluster-cidr/--subnet-size: subnet size /24 does not fit the cluster range fd00:100::/48 (it must be between /48 and /128)", "--cluster-cidr", "100.100.0.0/16,fd00:100::/48", "--subnet-size", "16,24")]
    [InlineData("--cluster-cidr/--subnet-size: subnet size /33 does not fit the cluster range 100.100.0.0/16 (it must be between /16 and /32)", "--cluster-cidr", "100.100.0.0/16,fd00:100::/48", "--subnet-size", "33,64")]
    [InlineData("--cluster-cidr/--subnet-size: cluster range fd00:100::/48 holds more than 65536 /120 subnets: use bigger node subnets", "--cluster-cidr", "fd00:100::/48", "--subnet-size", "120")]
    [InlineData("--cluster-cidr 'fd00:100::1/48' is not a CIDR without host bits (e.g. 100.100.0.0/16)", "--cluster-cidr", "100.100.0.0/16,fd00:100::1/48")]
    [InlineData("--subnet-size must be a whole number from 1 to 128, not ''", "--cluster-cidr", "100.100.0.0/16,fd00:100::/48", "--subnet-size", "24,")]
    public void Bad_ranges_and_sizes_are_named(string message, params string[] args)
    {
        var (options, errors) = AgentCommandLine.Parse([.. Etcd, .. args]);

        Assert.Null(options);
        Assert.StartsWith(message, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200.0.0.10,200.0.0.11")]
    [InlineData("fd00:200::10")]
    public void Node_addresses_must_be_one_per_family_of_the_ranges(string addresses)
    {
        var (_, errors) = AgentCommandLine.Parse("--etcd", "http://200.0.0.2:2379", "--cluster-cidr", "100.100.0.0/16", "--node-address", addresses);

        Assert.Equal([$"--node-address {addresses}: give one address per family of --cluster-cidr (100.100.0.0/16)"], errors);
    }
}
