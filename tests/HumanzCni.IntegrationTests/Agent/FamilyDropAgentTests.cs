using System.Net.Sockets;
using HumanzCni.Netlink;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;
using static HumanzCni.IntegrationTests.Agent.DualStackAgentTests;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// A node that drops a family with the published agent: run dual-stack, then IPv4-only (its own record in the static
/// file loses its IPv6 address and subnet), and the agent removes everything it owned of IPv6 (routes; with VXLAN
/// also the neighbours and the device's IPv6 VTEP address) while its IPv4 state and a foreign IPv6 route stay.
/// </summary>
public sealed class FamilyDropAgentTests
{
    [Theory]
    [InlineData("host-gw")]
    [InlineData("vxlan")]
    public void A_node_restarted_ipv4_only_removes_its_ipv6_agent_state_and_keeps_the_ipv4_one(string backend)
    {
        using var cluster = new TestCluster("hzfd");
        var (node1, node2) = (cluster.AddNode(), cluster.AddNode());
        var file = WriteClusterFile(node1, [node1, node2], ghost: false);
        Apply(node1, file, "--backend", backend);
        var vxlan = backend == "vxlan";
        var ipv4Routes = new Dictionary<string, string> { [Subnet(node2)] = vxlan ? $"100.100.{node2.Index}.0" : node2.Address };
        var ipv6Routes = new Dictionary<string, string> { [Subnet6(node2)] = vxlan ? $"fd00:100:{node2.Index}::" : node2.Address6 };
        Assert.True(SameRoutes(node1.AgentRoutes6(), ipv6Routes), Show(node1.AgentRoutes6()));
        if (vxlan)
        {
            Assert.Single(Neighbours6(node1));
            Assert.Contains($"fd00:100:{node1.Index}::/128", node1.Namespace.Ip("-6", "addr", "show", "dev", "humanz.1"), StringComparison.Ordinal);
        }

        // Someone else's IPv6 route via the peer: not the agent's, so it outlives the family's cleanup.
        node1.Namespace.Ip("-6", "route", "add", "fd00:100:77::/64", "via", node2.Address6, "proto", "static");

        WriteClusterFile(node1, [node1, node2], ghost: false, ipv4Only: node1);
        Apply(node1, file, "--backend", backend);

        Assert.Equal([Subnet(node1)], node1.ConflistSubnets());
        Assert.Empty(node1.AgentRoutes6());
        Assert.True(SameRoutes(node1.AgentRoutes(), ipv4Routes), Show(node1.AgentRoutes()));
        Assert.Equal(node2.Address6, node1.RoutesWithProtocol(RouteProtocol.Static, AddressFamily.InterNetworkV6)["fd00:100:77::/64"]);
        if (vxlan)
        {
            Assert.Empty(Neighbours6(node1));
            Assert.DoesNotContain("fd00:100:", node1.Namespace.Ip("-6", "addr", "show", "dev", "humanz.1"), StringComparison.Ordinal);
            Assert.Contains($"100.100.{node1.Index}.0/32", node1.Namespace.Ip("-4", "addr", "show", "dev", "humanz.1"), StringComparison.Ordinal);
            Assert.Contains($"100.100.{node2.Index}.0 lladdr", node1.Namespace.Ip("-4", "neigh", "show", "dev", "humanz.1", "nud", "permanent"), StringComparison.Ordinal);
            Assert.Single(node1.Namespace.BridgeJson("fdb", "show", "dev", "humanz.1").EnumerateArray());
        }
    }
}
