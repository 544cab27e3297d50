using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using HumanzCni.Agent.Vxlan;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Netlink;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// `agent --backend vxlan` (static mode) on the routed underlay: node1 and node3 on segment 0, node2 on segment 1
/// behind the router. Pods are attached through the conflists the agents render.
/// </summary>
public sealed class VxlanAgentTests
{
    private const int HttpPort = 8080;
    private const int HealthPort = 9102;

    [Fact]
    public void Across_the_router_host_gw_fails_vxlan_connects_and_each_restart_leaves_nothing_of_the_other_backend()
    {
        using var pair = new RoutedNodePair("hzva");
        var (node1, node2) = (pair.Node1, pair.Node2);
        var file = WriteClusterFile(node1, node1, node2);

        // host-gw: the kernel refuses a route via a node two hops away (--once says so and fails), so the pods stay apart.
        ApplyHostGwAcrossTheRouter(node1, file, "100.100.2.0/24", node2.Address, "--backend", "host-gw");
        ApplyHostGwAcrossTheRouter(node2, file, "100.100.1.0/24", node1.Address);
        Assert.Empty(node1.AgentRoutes());
        var pod1 = node1.AddPod();
        var pod2 = node2.AddPod();
        Assert.False(PluginChecks.Ping(pod1.Pod.Name, pod2.Address), "host-gw crossed the router");

        // A route of an earlier run to a subnet nobody holds any more: vxlan's pass deletes it.
        var stale = RouteVia(node1, "100.100.9.0/24", TestCluster.RouterAddresses(0).V4);

        Apply(node1, file, "--backend", "vxlan");
        Apply(node2, file, "--backend", "vxlan");
        Assert.Equal(["100.100.2.0/24"], node1.AgentRoutes().Keys);
        Assert.DoesNotContain(stale, node1.AgentRoutes().Keys);
        Assert.Equal(1450, ConflistMtu(node1));
        PodReaches(pod1, pod2);
        PodReaches(pod2, pod1);
        using (ClientAddressServer.Listen(pod2.Pod, pod2.Address, HttpPort))
        {
            // TCP through the overlay, and no NAT: the server sees the client pod's own address.
            Assert.Equal(pod1.Address, ClientAddressServer.SourceSeenBy(pod1.Pod, pod2.Address, HttpPort));
        }

        // Another VNI: the old device goes with its neighbours and FDB entries.
        Apply(node1, file, "--backend", "vxlan", "--vxlan-vni", "2");
        Assert.Equal(["humanz.2"], VxlanDevices(node1));
        Assert.Equal("humanz.2", RouteDevice(node1, "100.100.2.0/24"));

        // Back to host-gw: no VXLAN device, no agent route through one, and the pods are apart again.
        ApplyHostGwAcrossTheRouter(node1, file, "100.100.2.0/24", node2.Address, "--backend", "host-gw");
        Assert.Empty(VxlanDevices(node1));
        Assert.Empty(node1.AgentRoutes());
        Assert.Equal(1500, ConflistMtu(node1));
        Assert.False(PluginChecks.Ping(pod1.Pod.Name, pod2.Address), "reached node2's pod without the overlay");
    }

    [Fact]
    public void Direct_routing_routes_the_same_segment_plainly_and_a_departed_peer_takes_its_route_neighbour_and_fdb_entry()
    {
        using var cluster = new TestCluster("hzvd", UnderlayLayout.Routed);
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var (node1, node2, node3) = (nodes[0], nodes[1], nodes[2]);
        var file = WriteClusterFile(node1, [.. nodes]);

        // A host-gw run first: its route to node3 (same segment) must become the direct-routing one, not stay.
        ApplyHostGwAcrossTheRouter(node1, file, "100.100.2.0/24", node2.Address);
        Assert.Equal(new Dictionary<string, string> { ["100.100.3.0/24"] = node3.Address }, node1.AgentRoutes());
        var hostGwRoute = node1.Namespace.Run(netlink => Route(netlink, "100.100.3.0/24"));

        var vxlan = new[] { "--backend", "vxlan", "--direct-routing" };
        var agent = node1.StartAgent([.. vxlan, "--static-cluster", file, "--reconcile-seconds", "1"]);
        Apply(node2, file, vxlan);
        Apply(node3, file, vxlan);

        var expected = new Dictionary<string, string> { ["100.100.2.0/24"] = "100.100.2.0", ["100.100.3.0/24"] = node3.Address };
        Eventually.True(() => SameRoutes(node1.AgentRoutes(), expected) && RouteDevice(node1, "100.100.2.0/24") == "humanz.1", Converge, () => $"{Show(node1.AgentRoutes())}\n{agent.Output}");
        var direct = node1.Namespace.Run(netlink => Route(netlink, "100.100.3.0/24"));
        Assert.Equal(ClusterNode.UnderlayInterface, node1.Namespace.Run(netlink => netlink.GetLink(direct.OutputLinkIndex)!.Name));
        Assert.False(direct.OnLink);
        Assert.Equal(hostGwRoute, direct);
        Assert.True(node1.Namespace.Run(netlink => Route(netlink, "100.100.2.0/24")).OnLink);

        // The overlay holds node2 only: one neighbour (its VTEP), one FDB entry (its MAC at its underlay address).
        var mac2 = VtepMac.From(IPAddress.Parse(node2.Address));
        Assert.Equal([("100.100.2.0", mac2)], Neighbours(node1));
        Assert.Equal([(mac2, node2.Address)], Fdb(node1));

        var pods = nodes.Select(n => n.AddPod()).ToList();
        PodReaches(pods[0], pods[1]);
        PodReaches(pods[0], pods[2]);
        PodReaches(pods[1], pods[2]);

        // node2 leaves the file: the running agent drops its route, neighbour and FDB entry; node3 keeps its route.
        WriteClusterFile(node1, node1, node3);
        Eventually.True(() => node1.AgentRoutes().Count == 1 && Neighbours(node1).Count == 0 && Fdb(node1).Count == 0, Converge, () => $"{Show(node1.AgentRoutes())}, neighbours {Neighbours(node1).Count}, fdb {Fdb(node1).Count}\n{agent.Output}");
        Assert.Equal(node3.Address, node1.AgentRoutes()["100.100.3.0/24"]);
        Assert.False(PluginChecks.Ping(pods[0].Pod.Name, pods[1].Address));
        PodReaches(pods[0], pods[2]);
        Assert.Equal(0, agent.Stop());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_vxlan_port_in_use_is_one_clear_error_and_a_failing_health_until_it_is_free(bool byDevice)
    {
        using var pair = new RoutedNodePair("hzvp");
        var node = pair.Node1;
        var file = WriteClusterFile(node, node, pair.Node2);
        BackgroundProcess agent;
        using (Occupy(node, byDevice))
        {
            // Once: exit 1 with the reason and the hint, no stack trace.
            var once = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once", "--backend", "vxlan"]);
            Assert.True(once.ExitCode == 1, $"exit {once.ExitCode}: {once.StandardError}");
            Assert.Contains("humanz-cni agent: --once: VXLAN: cannot set up humanz.1: ", once.StandardError, StringComparison.Ordinal);
            Assert.Contains("(is UDP port 8472 or VNI 1 already used by another VXLAN device or a program?)", once.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", once.StandardError, StringComparison.Ordinal);

            agent = node.StartAgent("--backend", "vxlan", "--static-cluster", file, "--reconcile-seconds", "1", "--health-address", $"127.0.0.1:{HealthPort}");
            var failing = Eventually.Value(() => Health(node) is { StatusLine: "HTTP/1.1 503 Service Unavailable" } reply ? reply : null, Converge, () => $"{Health(node)}\n{agent.Output}");
            Assert.Contains("VXLAN: cannot set up humanz.1: ", failing.Body, StringComparison.Ordinal);
            Assert.Contains("is UDP port 8472 or VNI 1 already used by another VXLAN device or a program?", failing.Body, StringComparison.Ordinal);
            Assert.False(agent.HasExited, agent.Output);
            Assert.DoesNotContain("   at ", agent.Output, StringComparison.Ordinal);
        }

        // The port is free again: the next passes bring the device up and the node turns healthy.
        Eventually.True(() => Health(node) is { StatusLine: "HTTP/1.1 200 OK" }, Converge, () => $"{Health(node)}\n{agent.Output}");
        Assert.Equal(["100.100.2.0/24"], node.AgentRoutes().Keys);
        var metrics = NamespaceHttp.Get(node.Namespace, "127.0.0.1", HealthPort, "/metrics").Body;
        Assert.Contains("\nhumanz_agent_routes_owned 1\n", metrics, StringComparison.Ordinal);
        Assert.Equal(0, agent.Stop());
    }

    [Fact]
    public void In_vxlan_mode_the_pods_mtu_is_the_underlay_mtu_minus_50_over_ipv4_and_70_over_ipv6_unless_mtu_is_given()
    {
        using var pair = new RoutedNodePair("hzvm");
        var node = pair.Node1;
        node.Namespace.Ip("link", "set", ClusterNode.UnderlayInterface, "mtu", "9000");
        var file = WriteClusterFile(node, node, pair.Node2);

        Apply(node, file, "--backend", "vxlan");
        Assert.Equal(8950, ConflistMtu(node));
        Apply(node, file, "--backend", "vxlan", "--mtu", "1500");
        Assert.Equal(1500, ConflistMtu(node));
        ApplyHostGwAcrossTheRouter(node, file, "100.100.2.0/24", pair.Node2.Address);
        Assert.Equal(1500, ConflistMtu(node));

        StaticClusterFiles.Write(file, [(node.Name, node.Address6, "fd00:100:1::/64"), (pair.Node2.Name, pair.Node2.Address6, "fd00:100:2::/64")]);
        Apply(node, file, "--backend", "vxlan");
        Assert.Equal(8930, ConflistMtu(node));
        Assert.Equal(8930, node.Namespace.IpJson("link", "show", "humanz.1")[0].GetProperty("mtu").GetInt32());
    }

    [Fact]
    public void On_etcd_the_nodes_underlay_address_and_interface_carry_the_overlay_and_a_released_lease_takes_its_entries()
    {
        using var cluster = new TestCluster("hzve", UnderlayLayout.Routed);
        cluster.StartEtcd();
        var (node1, node2) = (cluster.AddNode(), cluster.AddNode());
        var agent1 = node1.StartAgent([.. cluster.EtcdAgentArguments(), "--backend", "vxlan"]);
        var agent2 = node2.StartAgent([.. cluster.EtcdAgentArguments(), "--backend", "vxlan", "--release-on-exit"]);
        var subnet2 = node2.WaitForSubnet(agent2);
        node1.WaitForSubnet(agent1);

        Eventually.True(() => node1.AgentRoutes().ContainsKey(subnet2), Converge, () => $"{Show(node1.AgentRoutes())}\n{agent1.Output}");
        Assert.Equal("humanz.1", RouteDevice(node1, subnet2));
        var device = node1.Namespace.IpJson("-d", "link", "show", "humanz.1")[0].GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal((node1.Address, ClusterNode.UnderlayInterface), (device.GetProperty("local").GetString(), device.GetProperty("link").GetString()));
        var (pod1, pod2) = (node1.AddPod(), node2.AddPod());
        PodReaches(pod1, pod2);
        PodReaches(pod2, pod1);

        // node2 leaves for good: its lease is revoked, and node1's next pass removes what led to it.
        Assert.Equal(0, agent2.Stop());
        Eventually.True(() => node1.AgentRoutes().Count == 0 && Neighbours(node1).Count == 0 && Fdb(node1).Count == 0, Converge, () => $"{Show(node1.AgentRoutes())}\n{agent1.Output}");
        Assert.Equal(0, agent1.Stop());
    }

    /// <summary>
    /// Takes VXLAN's UDP port 8472 in the node: a socket bound to it (the kernel then refuses to bring humanz.1 up),
    /// or another VXLAN device with VNI 1 on it (the kernel refuses to create humanz.1). Dispose frees it.
    /// </summary>
    private static IDisposable Occupy(ClusterNode node, bool byDevice)
    {
        if (!byDevice)
        {
            return node.Namespace.Handle.Run(() =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Any, 8472));
                return socket;
            });
        }

        node.Namespace.Ip("link", "add", "blocker", "type", "vxlan", "id", "1", "dstport", "8472", "local", node.Address, "dev", ClusterNode.UnderlayInterface, "nolearning");
        node.Namespace.Ip("link", "set", "blocker", "up");
        return new Removal(() => node.Namespace.Ip("link", "del", "blocker"));
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    /// <summary>`agent --static-cluster FILE --once ARGS` inside the node, which must succeed.</summary>
    private static void Apply(ClusterNode node, string file, params string[] args) =>
        node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once", .. args]).EnsureSuccess($"agent --once {string.Join(' ', args)} on {node.Name}");

    /// <summary>
    /// `agent --once` with host-gw where a peer is behind the router: the pass does the rest (conflist, other routes)
    /// but the kernel refuses the route via that peer, and the command exits 1 naming it, without a stack trace.
    /// </summary>
    private static void ApplyHostGwAcrossTheRouter(ClusterNode node, string file, string subnet, string gateway, params string[] args)
    {
        var result = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once", .. args]);
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains($"humanz-cni agent: --once: route add {subnet} via {gateway} failed: ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The cluster file in <paramref name="owner"/>'s directory: node N holds 100.100.N.0/24.</summary>
    private static string WriteClusterFile(ClusterNode owner, params ClusterNode[] nodes)
    {
        var path = Path.Combine(owner.Node.Directory, "cluster.json");
        StaticClusterFiles.Write(path, nodes.Select(n => (n.Name, n.Address, $"100.100.{n.Index}.0/24")));
        return path;
    }

    private static void PodReaches(ClusterPod from, ClusterPod to) =>
        Eventually.True(() => PluginChecks.Ping(from.Pod.Name, to.Address), TimeSpan.FromSeconds(10), () => $"pod on {from.Node.Name} cannot ping pod on {to.Node.Name} ({to.Address})");

    /// <summary>Adds an agent-owned (proto 0x69) route to <paramref name="subnet"/> via an on-link gateway, as an earlier run would have.</summary>
    private static string RouteVia(ClusterNode node, string subnet, IPAddress gateway)
    {
        var network = IPNetwork.Parse(subnet);
        node.Namespace.Run(netlink => netlink.AddRoute(new RouteInfo(network.BaseAddress, network.PrefixLength, gateway, Protocol: RouteProtocol.HumanzAgent)));
        Assert.Contains(subnet, node.AgentRoutes().Keys);
        return subnet;
    }

    private static RouteInfo Route(RtNetlink netlink, string subnet) =>
        netlink.ListRoutes(AddressFamily.InterNetwork).Single(r => $"{r.Destination}/{r.PrefixLength}" == subnet && r.Protocol == RouteProtocol.HumanzAgent);

    private static string RouteDevice(ClusterNode node, string subnet) =>
        node.Namespace.Run(netlink => netlink.GetLink(Route(netlink, subnet).OutputLinkIndex)!.Name);

    private static string[] VxlanDevices(ClusterNode node) =>
        node.Namespace.Run(netlink => netlink.ListLinks()).Where(l => l.Kind == "vxlan").Select(l => l.Name).ToArray();

    private static List<(string Address, PhysicalAddress Mac)> Neighbours(ClusterNode node) =>
        node.Namespace.IpJson("-4", "neigh", "show", "dev", "humanz.1").EnumerateArray()
            .Select(n => (n.GetProperty("dst").GetString()!, PhysicalAddress.Parse(n.GetProperty("lladdr").GetString()!)))
            .ToList();

    private static List<(PhysicalAddress Mac, string Destination)> Fdb(ClusterNode node) =>
        node.Namespace.BridgeJson("fdb", "show", "dev", "humanz.1").EnumerateArray()
            .Select(e => (PhysicalAddress.Parse(e.GetProperty("mac").GetString()!), e.GetProperty("dst").GetString()!))
            .ToList();

    private static int ConflistMtu(ClusterNode node)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(node.ConflistPath));
        return document.RootElement.GetProperty("plugins")[0].GetProperty("mtu").GetInt32();
    }

    private static NamespaceHttp.Reply? Health(ClusterNode node)
    {
        try
        {
            return NamespaceHttp.Get(node.Namespace, "127.0.0.1", HealthPort, "/healthz", TimeSpan.FromSeconds(5));
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
