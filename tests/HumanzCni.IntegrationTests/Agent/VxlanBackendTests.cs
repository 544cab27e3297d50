using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;
using HumanzCni.Agent.Vxlan;
using HumanzCni.IntegrationTests.Harness;
using Microsoft.Extensions.Logging.Abstractions;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// <see cref="VxlanBackend"/> on a routed underlay, where host-gw cannot work: node1 and node2 sit on different
/// segments, each with a "pod" address of its subnet on lo, and the backend runs in each node's namespace.
/// </summary>
public sealed class VxlanBackendTests : IDisposable
{
    private readonly RoutedNodePair _pair = new("hzvb");

    private ClusterNode Node1 => _pair.Node1;

    private ClusterNode Node2 => _pair.Node2;

    public void Dispose() => _pair.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pods_across_the_router_reach_each_other_and_a_departed_peer_leaves_nothing_behind(bool ipv6)
    {
        var (record1, pod1) = Prepare(Node1, ipv6);
        var (record2, pod2) = Prepare(Node2, ipv6);

        // A malformed record and one of the other family are skipped, not fatal.
        var otherFamily = ipv6 ? new NodeRecord("node9", "200.0.0.90", "10.244.9.0/24") : new NodeRecord("node9", "fd00:200::90", "fd00:244:9::/64");
        var first1 = Reconcile(Node1, record1, record2, new NodeRecord("broken", "not-an-address", "10.244.8.0/24"), otherFamily);
        Reconcile(Node2, record2, record1);

        // Device, address, route, neighbour, FDB entry: one peer's worth.
        Assert.Equal((5, 0, 0), (first1.Added, first1.Replaced, first1.Deleted));
        Reaches(Node1, pod2);
        Reaches(Node2, pod1);

        var device = Node1.Namespace.IpJson("-d", "link", "show", "humanz.1")[0];
        Assert.Equal(ipv6 ? 1430 : 1450, device.GetProperty("mtu").GetInt32());
        Assert.Equal(Mac(record1), PhysicalAddress.Parse(device.GetProperty("address").GetString()!));
        var data = device.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(1, data.GetProperty("id").GetInt32());
        Assert.Equal(record1.Address, data.GetProperty(ipv6 ? "local6" : "local").GetString());
        Assert.Equal(8472, data.GetProperty("port").GetInt32());
        Assert.False(data.GetProperty("learning").GetBoolean());
        Assert.Equal(ClusterNode.UnderlayInterface, data.GetProperty("link").GetString());

        var vtep2 = record2.Subnet.Split('/')[0];
        var family = ipv6 ? "-6" : "-4";
        Assert.Equal([$"{record1.Subnet.Split('/')[0]}/{(ipv6 ? 128 : 32)}"], Addresses(Node1, family));
        var route = Node1.Namespace.IpJson(family, "route", "show", record2.Subnet)[0];
        Assert.Equal(vtep2, route.GetProperty("gateway").GetString());
        Assert.Equal("humanz.1", route.GetProperty("dev").GetString());
        Assert.Contains("onlink", route.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var neighbour = Assert.Single(Node1.Namespace.IpJson(family, "neigh", "show", "dev", "humanz.1").EnumerateArray());
        Assert.Equal((vtep2, Mac(record2)), (neighbour.GetProperty("dst").GetString(), PhysicalAddress.Parse(neighbour.GetProperty("lladdr").GetString()!)));
        var fdb = Assert.Single(Fdb(Node1));
        Assert.Equal((Mac(record2), record2.Address), (PhysicalAddress.Parse(fdb.GetProperty("mac").GetString()!), fdb.GetProperty("dst").GetString()));

        // A second pass finds everything as wanted and writes nothing.
        Assert.False(Reconcile(Node1, record1, record2).Any);
        Reaches(Node1, pod2);

        // node2 goes: its route, neighbour and FDB entry go with it; the device and its address stay.
        var gone = Reconcile(Node1, record1);
        Assert.Equal(3, gone.Deleted);
        Assert.Empty(Node1.Namespace.IpJson(family, "route", "show", record2.Subnet).EnumerateArray());
        Assert.Empty(Node1.Namespace.IpJson(family, "neigh", "show", "dev", "humanz.1").EnumerateArray());
        Assert.Empty(Fdb(Node1));
        Assert.Single(Addresses(Node1, family));
        Assert.False(PluginChecks.Ping(Node1.Namespace.Name, pod2));
    }

    [Fact]
    public void Only_what_differs_is_changed_and_a_changed_port_recreates_the_device()
    {
        var (record1, _) = Prepare(Node1, ipv6: false);
        var (record2, pod2) = Prepare(Node2, ipv6: false);
        Reconcile(Node1, record1, record2);
        Reconcile(Node2, record2, record1);
        Node1.Namespace.Ip("link", "set", "humanz.1", "mtu", "1300");

        var mtuOnly = Reconcile(Node1, record1, record2);

        // Only the MTU: the MAC is left alone, so the neighbour was never flushed and re-added.
        Assert.Equal((0, 1, 0), (mtuOnly.Added, mtuOnly.Replaced, mtuOnly.Deleted));
        Assert.Equal(1450, Node1.Namespace.IpJson("link", "show", "humanz.1")[0].GetProperty("mtu").GetInt32());
        Reaches(Node1, pod2);

        var index = Node1.Namespace.Run(netlink => netlink.GetLink("humanz.1")!.Index);
        Reconcile(Node1, record1, [record2], port: 4789);
        Reconcile(Node2, record2, [record1], port: 4789);

        var recreated = Node1.Namespace.Run(netlink => netlink.GetLink("humanz.1")!);
        Assert.NotEqual(index, recreated.Index);
        Assert.Equal(4789, recreated.Vxlan!.Port);
        Reaches(Node1, pod2);
    }

    /// <summary>The node's record on the chosen family (subnet 10.244.N.0/24 or fd00:244:N::/64) and a "pod" address of it on lo.</summary>
    private static (NodeRecord Record, string Pod) Prepare(ClusterNode node, bool ipv6)
    {
        var record = ipv6
            ? new NodeRecord(node.Name, node.Address6, $"fd00:244:{node.Index}::/64")
            : new NodeRecord(node.Name, node.Address, $"10.244.{node.Index}.0/24");
        var pod = ipv6 ? $"fd00:244:{node.Index}::1" : $"10.244.{node.Index}.1";
        node.Namespace.Ip("addr", "add", $"{pod}/{(ipv6 ? 128 : 32)}", "dev", "lo");
        return (record, pod);
    }

    private static RouteChanges Reconcile(ClusterNode node, NodeRecord self, params NodeRecord[] peers) => Reconcile(node, self, peers, port: 8472);

    private static RouteChanges Reconcile(ClusterNode node, NodeRecord self, NodeRecord[] peers, int port)
    {
        var (address, subnet) = self.Parse();
        var backend = new VxlanBackend(new VxlanOptions(ClusterNode.UnderlayInterface, address, Port: port), NullLogger.Instance);
        return node.Namespace.Run(netlink => backend.Reconcile(netlink, [subnet], peers));
    }

    private static PhysicalAddress Mac(NodeRecord node) => VtepMac.From(IPAddress.Parse(node.Address));

    /// <summary>The device's global addresses of the family (`ip -j` leaves an empty object for each one it filtered out).</summary>
    private static string[] Addresses(ClusterNode node, string family) =>
        node.Namespace.IpJson(family, "addr", "show", "dev", "humanz.1", "scope", "global")[0].GetProperty("addr_info").EnumerateArray()
            .Where(a => a.TryGetProperty("local", out _))
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}")
            .ToArray();

    private static JsonElement.ArrayEnumerator Fdb(ClusterNode node) => node.Namespace.BridgeJson("fdb", "show", "dev", "humanz.1").EnumerateArray();
}
