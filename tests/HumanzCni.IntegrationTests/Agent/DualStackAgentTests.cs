using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json.Nodes;
using HumanzCni.Agent.Vxlan;
using HumanzCni.IntegrationTests.Harness;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// Dual-stack clusters with the published agent: every node holds an IPv4 and an IPv6 pod subnet, every pod gets an
/// address of each family from the rendered conflist, and both families are routed, by host-gw on one underlay
/// switch (IPv6 via the peers' IPv6 underlay addresses) and by VXLAN across the routed underlay.
/// </summary>
public sealed class DualStackAgentTests
{
    private const int HttpPort = 8080;

    [Fact]
    public void Static_host_gw_routes_both_families_pods_talk_over_both_and_a_leaving_peer_takes_its_routes()
    {
        using var cluster = new TestCluster("hzds");
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var file = WriteClusterFile(nodes[0], nodes, ghost: true);

        foreach (var node in nodes)
        {
            var result = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once"]);
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal([Subnet(node), Subnet6(node)], node.ConflistSubnets());

            // The ghost has no IPv6 address: its IPv4 subnet is routed, its IPv6 one skipped with a warning.
            Assert.Contains("node ghost has no IPv6 address: its subnet fd00:100:99::/64 is left out", result.StandardError, StringComparison.Ordinal);
            Assert.True(SameRoutes(node.AgentRoutes(), Expected(node, nodes, ipv6: false, ghost: true)), $"{node.Name}: {Show(node.AgentRoutes())}");
            Assert.True(SameRoutes(node.AgentRoutes6(), Expected(node, nodes, ipv6: true)), $"{node.Name}: {Show(node.AgentRoutes6())}");
        }

        var pods = nodes.Select(n => n.AddPod()).ToList();
        Assert.All(pods, pod => Assert.StartsWith($"fd00:100:{pod.Node.Index}::", pod.Address6, StringComparison.Ordinal));
        PodDefaultRoutes(pods[0]);
        foreach (var (from, to) in new[] { (0, 2), (2, 1), (1, 0) })
        {
            PodReaches(pods[from], pods[to].Address);
            PodReaches(pods[from], pods[to].Address6!);
        }

        using (ClientAddressServer.Listen(pods[2].Pod, pods[2].Address6!, HttpPort))
        {
            // TCP over IPv6, no NAT: the server sees the client pod's own IPv6 address.
            Assert.Equal(pods[0].Address6, ClientAddressServer.SourceSeenBy(pods[0].Pod, pods[2].Address6!, HttpPort));
        }

        // node3 leaves the file: node1's next pass drops its routes of both families.
        var remaining = nodes.Take(2).ToList();
        WriteClusterFile(nodes[0], remaining, ghost: false);
        nodes[0].RunBinary(["agent", .. nodes[0].NodeArguments, "--static-cluster", file, "--once"]).EnsureSuccess("agent --once on node1");
        Assert.True(SameRoutes(nodes[0].AgentRoutes(), Expected(nodes[0], remaining, ipv6: false)), Show(nodes[0].AgentRoutes()));
        Assert.True(SameRoutes(nodes[0].AgentRoutes6(), Expected(nodes[0], remaining, ipv6: true)), Show(nodes[0].AgentRoutes6()));
    }

    [Fact]
    public void On_etcd_each_node_leases_a_subnet_per_family_and_a_released_node_takes_both_routes()
    {
        using var cluster = new TestCluster("hzdse");
        var etcd = cluster.StartEtcd();
        var (node1, node2) = (cluster.AddNode(), cluster.AddNode());
        string[] args = ["--etcd", cluster.EtcdEndpoint, "--cluster-cidr", "100.100.0.0/16,fd00:100::/48", "--subnet-size", "24,64", "--lease-ttl-seconds", "6", "--reconcile-seconds", "2"];
        var agent1 = node1.StartAgent(args);
        var agent2 = node2.StartAgent([.. args, "--release-on-exit"]);
        var subnets1 = Eventually.Value(() => node1.ConflistSubnets() is { Count: 2 } s ? s : null, Converge, () => agent1.Output);
        var subnets2 = Eventually.Value(() => node2.ConflistSubnets() is { Count: 2 } s ? s : null, Converge, () => agent2.Output);
        Assert.StartsWith("100.100.", subnets1[0], StringComparison.Ordinal);
        Assert.StartsWith("fd00:100:", subnets1[1], StringComparison.Ordinal);
        Assert.EndsWith("/64", subnets1[1], StringComparison.Ordinal);
        Assert.Equal(4, etcd.Get("/humanz-cni/subnets/").Count);
        Assert.Contains(etcd.Get("/humanz-cni/subnets/").Values, v => v.Contains($"\"address\":\"{node2.Address6}\"", StringComparison.Ordinal) && v.Contains(subnets2[1], StringComparison.Ordinal));

        Eventually.True(() => node1.AgentRoutes6().TryGetValue(subnets2[1], out var via) && via == node2.Address6, Converge, () => $"{Show(node1.AgentRoutes6())}\n{agent1.Output}");
        Eventually.True(() => node1.AgentRoutes().TryGetValue(subnets2[0], out var via) && via == node2.Address, Converge, () => $"{Show(node1.AgentRoutes())}\n{agent1.Output}");
        Eventually.True(() => node2.AgentRoutes6().ContainsKey(subnets1[1]), Converge, () => $"{Show(node2.AgentRoutes6())}\n{agent2.Output}");
        var (pod1, pod2) = (node1.AddPod(), node2.AddPod());
        PodReaches(pod1, pod2.Address6!);
        PodReaches(pod2, pod1.Address);
        using (ClientAddressServer.Listen(pod1.Pod, pod1.Address6!, HttpPort))
        {
            Assert.Equal(pod2.Address6, ClientAddressServer.SourceSeenBy(pod2.Pod, pod1.Address6!, HttpPort));
        }

        // node2 leaves for good: both its leases are revoked, and node1 drops both routes.
        Assert.Equal(0, agent2.Stop());
        Eventually.True(() => node1.AgentRoutes().Count == 0 && node1.AgentRoutes6().Count == 0, Converge, () => $"{Show(node1.AgentRoutes())} {Show(node1.AgentRoutes6())}\n{agent1.Output}");
        Assert.Equal(2, etcd.Get("/humanz-cni/subnets/").Count);
        Assert.Equal(0, agent1.Stop());
    }

    [Fact]
    public void Vxlan_across_the_router_carries_ipv6_pods_on_the_one_device_and_a_departed_peer_leaves_no_ipv6_entry()
    {
        using var pair = new RoutedNodePair("hzdsv");
        var (node1, node2) = (pair.Node1, pair.Node2);
        var file = WriteClusterFile(node1, [node1, node2], ghost: false);
        Apply(node1, file, "--backend", "vxlan");
        Apply(node2, file, "--backend", "vxlan");

        // One device, on the IPv4 underlay, with a VTEP address per family; the IPv6 pod subnet goes through it too.
        Assert.Equal(["humanz.1"], node1.Namespace.Run(netlink => netlink.ListLinks()).Where(l => l.Kind == "vxlan").Select(l => l.Name));
        Assert.Equal(new Dictionary<string, string> { [Subnet6(node2)] = $"fd00:100:{node2.Index}::" }, node1.AgentRoutes6());
        Assert.Contains("dev humanz.1", node1.Namespace.Ip("-6", "route", "show", Subnet6(node2)), StringComparison.Ordinal);
        Assert.Contains($"fd00:100:{node1.Index}::/128", node1.Namespace.Ip("-6", "addr", "show", "dev", "humanz.1"), StringComparison.Ordinal);
        var neighbour = Assert.Single(Neighbours6(node1));
        Assert.Equal(($"fd00:100:{node2.Index}::", VtepMac.From(IPAddress.Parse(node2.Address))), neighbour);
        Assert.Single(node1.Namespace.BridgeJson("fdb", "show", "dev", "humanz.1").EnumerateArray());

        var (pod1, pod2) = (node1.AddPod(), node2.AddPod());
        PodReaches(pod1, pod2.Address6!);
        PodReaches(pod2, pod1.Address6!);
        PodReaches(pod1, pod2.Address);
        using (ClientAddressServer.Listen(pod2.Pod, pod2.Address6!, HttpPort))
        {
            Assert.Equal(pod1.Address6, ClientAddressServer.SourceSeenBy(pod1.Pod, pod2.Address6!, HttpPort));
        }

        // node2 leaves: its IPv6 route and neighbour go with the IPv4 ones and the FDB entry.
        WriteClusterFile(node1, [node1], ghost: false);
        Apply(node1, file, "--backend", "vxlan");
        Assert.Empty(node1.AgentRoutes6());
        Assert.Empty(node1.AgentRoutes());
        Assert.Empty(Neighbours6(node1));
        Assert.Empty(node1.Namespace.BridgeJson("fdb", "show", "dev", "humanz.1").EnumerateArray());
    }

    [Theory]
    [InlineData("--cluster-cidr 100.100.0.0/16,100.101.0.0/16: give one range, or one IPv4 and one IPv6 range", "100.100.0.0/16,100.101.0.0/16", "24,24")]
    [InlineData("--cluster-cidr/--subnet-size: subnet size /24 does not fit the cluster range fd00:100::/48", "100.100.0.0/16,fd00:100::/48", "24,24")]
    [InlineData("--subnet-size 24 gives 1 size(s) for 2 --cluster-cidr range(s)", "100.100.0.0/16,fd00:100::/48", "24")]
    public void Bad_dual_stack_ranges_exit_2_with_the_reason(string message, string ranges, string sizes)
    {
        using var cluster = new TestCluster("hzdsu");
        var node = cluster.AddNode();

        var result = node.RunBinary(["agent", .. node.NodeArguments, "--etcd", "http://200.0.0.2:2379", "--cluster-cidr", ranges, "--subnet-size", sizes]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    internal static string Subnet(ClusterNode node) => $"100.100.{node.Index}.0/24";

    internal static string Subnet6(ClusterNode node) => $"fd00:100:{node.Index}::/64";

    /// <summary>The agent routes <paramref name="node"/> should have of one family: every other node's subnet via its address of that family.</summary>
    private static Dictionary<string, string> Expected(ClusterNode node, IEnumerable<ClusterNode> nodes, bool ipv6, bool ghost = false)
    {
        var expected = nodes.Where(n => n != node).ToDictionary(n => ipv6 ? Subnet6(n) : Subnet(n), n => ipv6 ? n.Address6 : n.Address);
        if (ghost)
        {
            expected["100.100.99.0/24"] = "200.0.0.99";
        }

        return expected;
    }

    /// <summary>
    /// The dual-stack cluster file in <paramref name="owner"/>'s directory: node N holds 100.100.N.0/24 and fd00:100:N::/64
    /// (`addresses`/`subnets` lists); with <paramref name="ghost"/> also a node with an IPv4 address only;
    /// <paramref name="ipv4Only"/> (if given) holds only its IPv4 address and subnet.
    /// </summary>
    internal static string WriteClusterFile(ClusterNode owner, IEnumerable<ClusterNode> nodes, bool ghost, ClusterNode? ipv4Only = null)
    {
        var entries = nodes.Select(n => n == ipv4Only
            ? new JsonObject { ["name"] = n.Name, ["address"] = n.Address, ["subnet"] = Subnet(n) }
            : new JsonObject
            {
                ["name"] = n.Name,
                ["addresses"] = new JsonArray(n.Address, n.Address6),
                ["subnets"] = new JsonArray(Subnet(n), Subnet6(n)),
            }).ToList();
        if (ghost)
        {
            entries.Add(new JsonObject { ["name"] = "ghost", ["address"] = "200.0.0.99", ["subnets"] = new JsonArray("100.100.99.0/24", "fd00:100:99::/64") });
        }

        var path = Path.Combine(owner.Node.Directory, "cluster.json");
        File.WriteAllText(path + ".tmp", new JsonObject { ["nodes"] = new JsonArray([.. entries]) }.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>The pod's default routes of both families via its bridge's gateways.</summary>
    private static void PodDefaultRoutes(ClusterPod pod)
    {
        var ns = pod.Pod;
        Assert.Contains($"default via 100.100.{pod.Node.Index}.1 dev eth0", ns.Ip("-4", "route", "show"), StringComparison.Ordinal);
        Assert.Contains($"default via fd00:100:{pod.Node.Index}::1 dev eth0", ns.Ip("-6", "route", "show"), StringComparison.Ordinal);
        Assert.Contains($"fd00:100:{pod.Node.Index}::1/64", pod.Node.Namespace.Ip("-6", "addr", "show", "dev", "humanz-cni0"), StringComparison.Ordinal);
    }

    /// <summary>Pings until a reply comes (10 s): the first echo over a fresh path waits for ARP/ND on every hop.</summary>
    internal static void PodReaches(ClusterPod from, string address) =>
        Eventually.True(() => PluginChecks.Ping(from.Pod.Name, address), TimeSpan.FromSeconds(10), () => $"pod on {from.Node.Name} cannot ping {address}");

    internal static void Apply(ClusterNode node, string file, params string[] args) =>
        node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once", .. args]).EnsureSuccess($"agent --once {string.Join(' ', args)} on {node.Name}");

    internal static List<(string Address, PhysicalAddress Mac)> Neighbours6(ClusterNode node) =>
        node.Namespace.IpJson("-6", "neigh", "show", "dev", "humanz.1").EnumerateArray()
            .Where(n => n.GetProperty("state").EnumerateArray().Any(s => s.GetString() == "PERMANENT"))
            .Select(n => (n.GetProperty("dst").GetString()!, PhysicalAddress.Parse(n.GetProperty("lladdr").GetString()!)))
            .ToList();
}
