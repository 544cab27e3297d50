using System.Net;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Native;
using HumanzCni.Netlink;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Testbed;

/// <summary>
/// The routed underlay (<see cref="UnderlayLayout.Routed"/>): nodes on two segments reach each other through
/// the router, but a host-gw route to a peer's pods cannot work across it, which is what a VXLAN backend is for.
/// </summary>
public sealed class RoutedUnderlayTests : IDisposable
{
    private readonly RoutedNodePair _pair = new("hzru");

    private ClusterNode Node1 => _pair.Node1;

    private ClusterNode Node2 => _pair.Node2;

    public void Dispose() => _pair.Dispose();

    [Fact]
    public void Nodes_sit_on_two_subnets_and_ping_each_other_through_the_router_over_IPv4_and_IPv6()
    {
        Assert.Equal(("200.0.0.10", "fd00:200::10"), (Node1.Address, Node1.Address6));
        Assert.Equal(("200.0.1.20", "fd00:200:1::20"), (Node2.Address, Node2.Address6));

        Reaches(Node1, Node2.Address);
        Reaches(Node1, Node2.Address6);
        Reaches(Node2, Node1.Address);
        Reaches(Node2, Node1.Address6);

        // The router forwards between its two connected subnets and knows nothing else (no pod subnet).
        var routes = _pair.Cluster.Router!.IpJson("route", "show").EnumerateArray().Select(r => r.GetProperty("dst").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["200.0.0.0/24", "200.0.1.0/24"], routes);
    }

    [Fact]
    public void A_host_gw_route_via_a_node_across_the_router_is_refused_and_forced_onlink_leads_nowhere()
    {
        // A "pod" address on node2, the kind of destination a host-gw route to node2's subnet serves.
        Node2.Namespace.Ip("addr", "add", "10.244.2.1/32", "dev", "lo");
        Node2.Namespace.Ip("-6", "addr", "add", "fd00:244:2::1/128", "dev", "lo");
        var underlay = Node1.Namespace.Run(netlink => netlink.GetLink(ClusterNode.UnderlayInterface)!.Index);

        var (refused, refused6) = Node1.Namespace.Run(netlink => (
            Assert.Throws<NetlinkException>(() => netlink.AddRoute(new RouteInfo(IPAddress.Parse("10.244.2.0"), 24, IPAddress.Parse(Node2.Address), underlay))),
            Assert.Throws<NetlinkException>(() => netlink.AddRoute(new RouteInfo(IPAddress.Parse("fd00:244:2::"), 64, IPAddress.Parse(Node2.Address6), underlay)))));

        // The kernel takes only on-link gateways: node2 is two hops away.
        Assert.Equal(Errno.ENETUNREACH, refused.Errno);
        Assert.Equal(Errno.EHOSTUNREACH, refused6.Errno);

        // Forcing it with onlink is accepted, but node2's address is never resolved on node1's segment.
        Node1.Namespace.Run(netlink =>
        {
            netlink.AddRoute(new RouteInfo(IPAddress.Parse("10.244.2.0"), 24, IPAddress.Parse(Node2.Address), underlay) { OnLink = true });
            netlink.AddRoute(new RouteInfo(IPAddress.Parse("fd00:244:2::"), 64, IPAddress.Parse(Node2.Address6), underlay) { OnLink = true });
        });
        // Controls: node2 itself is reachable (through the router), and the "pod" addresses answer on node2.
        Reaches(Node1, Node2.Address);
        Assert.True(PluginChecks.Ping(Node2.Namespace.Name, "10.244.2.1"));
        Assert.True(PluginChecks.Ping(Node2.Namespace.Name, "fd00:244:2::1"));
        Assert.False(PluginChecks.Ping(Node1.Namespace.Name, "10.244.2.1"));
        Assert.False(PluginChecks.Ping(Node1.Namespace.Name, "fd00:244:2::1"));
    }
}
