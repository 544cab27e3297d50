using HumanzCni.Netlink;
using HumanzCni.Native;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// `humanz-cni agent` on a real etcd: nodes as namespaces on an underlay switch, agents as processes
/// inside them, pods attached through the conflists the agents render.
/// </summary>
public sealed class EtcdAgentTests
{
    [Fact]
    public void Three_nodes_lease_distinct_subnets_and_pods_reach_each_other_across_nodes_without_nat()
    {
        using var cluster = new TestCluster();
        cluster.StartEtcd();
        var subnets = StartNodes(cluster, 3);

        Assert.Equal(3, subnets.Values.Distinct().Count());
        Assert.All(subnets.Values, s => Assert.StartsWith("100.100.", s, StringComparison.Ordinal));
        RoutesConverge(subnets);

        var leases = cluster.Etcd!.Get("/humanz-cni/subnets/");
        Assert.Equal(3, leases.Count);
        foreach (var (node, subnet) in subnets)
        {
            Assert.Contains(leases.Values, v => v.Contains($"\"name\":\"{node.Name}\"", StringComparison.Ordinal) && v.Contains($"\"address\":\"{node.Address}\"", StringComparison.Ordinal) && v.Contains(subnet, StringComparison.Ordinal));
        }

        var pods = cluster.Nodes.Select(n => n.AddPod()).ToList();
        for (var i = 0; i < pods.Count; i++)
        {
            for (var j = 0; j < pods.Count; j++)
            {
                if (i != j)
                {
                    Pings(pods[i].Pod.Name, pods[j].Address, $"pod on node{i + 1} -> pod on node{j + 1}");
                }
            }

            // Each node reaches the pods of the other nodes.
            Pings(cluster.Nodes[i].Namespace.Name, pods[(i + 1) % pods.Count].Address, $"node{i + 1} -> pod on node{((i + 1) % pods.Count) + 1}");
        }

        using var server = ClientAddressServer.Listen(pods[2].Pod, pods[2].Address, 8080);
        Assert.Equal(pods[0].Address, ClientAddressServer.SourceSeenBy(pods[0].Pod, pods[2].Address, 8080));
        Assert.Equal(pods[1].Address, ClientAddressServer.SourceSeenBy(pods[1].Pod, pods[2].Address, 8080));
    }

    [Fact]
    public void A_joining_node_is_routed_everywhere_and_its_routes_go_when_it_leaves_by_release_or_by_lease_expiry()
    {
        using var cluster = new TestCluster();
        cluster.StartEtcd();
        var subnets = StartNodes(cluster, 3);
        RoutesConverge(subnets);
        var pod1 = cluster.Nodes[0].AddPod();

        // Joins: every node routes to it, its pods are reachable.
        var fourth = cluster.AddNode();
        var fourthAgent = fourth.StartAgent([.. cluster.EtcdAgentArguments(), "--release-on-exit"]);
        var withFourth = new Dictionary<ClusterNode, string>(subnets) { [fourth] = fourth.WaitForSubnet(fourthAgent) };
        RoutesConverge(withFourth);
        var pod4 = fourth.AddPod();
        Pings(pod1.Pod.Name, pod4.Address, "pod on node1 -> pod on the joined node4");

        // Leaves with SIGTERM and --release-on-exit: its lease is revoked, every node drops its route.
        Assert.Equal(0, fourthAgent.Stop());
        RoutesConverge(subnets);
        Assert.DoesNotContain(cluster.Etcd!.Get("/humanz-cni/subnets/").Values, v => v.Contains("node4", StringComparison.Ordinal));

        // Killed outright: nothing is released, the lease expires after its TTL, and the routes go then.
        var fifth = cluster.AddNode();
        var fifthAgent = fifth.StartAgent(cluster.EtcdAgentArguments(leaseTtlSeconds: 4));
        RoutesConverge(new Dictionary<ClusterNode, string>(subnets) { [fifth] = fifth.WaitForSubnet(fifthAgent) });
        fifthAgent.Signal(Interop.SIGKILL);
        RoutesConverge(subnets);
    }

    [Fact]
    public void A_restarted_agent_keeps_its_subnet_while_its_lease_lives()
    {
        using var cluster = new TestCluster();
        cluster.StartEtcd();
        var node = cluster.AddNode();
        var other = cluster.AddNode();
        var first = node.StartAgent(cluster.EtcdAgentArguments(leaseTtlSeconds: 20));
        var subnet = node.WaitForSubnet(first);
        Assert.Equal(0, first.Stop());
        File.Delete(node.ConflistPath);

        // Another node joining meanwhile must not get it: the lease still holds it.
        var otherAgent = other.StartAgent(cluster.EtcdAgentArguments());
        Assert.NotEqual(subnet, other.WaitForSubnet(otherAgent));

        var second = node.StartAgent(cluster.EtcdAgentArguments(leaseTtlSeconds: 20));
        Assert.Equal(subnet, node.WaitForSubnet(second));
        Assert.Contains("resumed subnet", Eventually.Value(() => second.Output.Contains("resumed", StringComparison.Ordinal) ? second.Output : null, Converge, () => second.Output), StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_deleted_by_hand_comes_back_and_routes_the_agent_does_not_own_are_left_alone()
    {
        using var cluster = new TestCluster();
        cluster.StartEtcd();
        var subnets = StartNodes(cluster, 2);
        RoutesConverge(subnets);
        var node1 = cluster.Nodes[0];
        var node2 = cluster.Nodes[1];
        var peerSubnet = subnets[node2];

        // Someone else's route, to a subnet no node holds: never touched.
        node1.Namespace.Ip("route", "add", "100.100.250.0/24", "via", node2.Address, "proto", "static");
        // Deleted by hand: back within the reconcile period (2s) without any etcd event.
        node1.Namespace.Ip("route", "del", peerSubnet, "proto", $"{ClusterNode.AgentProtocol}");
        Assert.False(node1.AgentRoutes().ContainsKey(peerSubnet));
        RoutesConverge(subnets);

        // The pass that restored it ran with the foreign route in place, and left it as it was.
        Assert.Equal(node2.Address, node1.RoutesWithProtocol(RouteProtocol.Static)["100.100.250.0/24"]);

        // A foreign route to a peer's own subnet is not replaced either: the agent leaves it and logs why.
        node1.Namespace.Ip("route", "replace", peerSubnet, "via", "200.0.0.99", "proto", "static");
        Eventually.True(
            () => File.ReadAllText(node1.AgentLog).Contains($"a route to {peerSubnet} not made by the agent exists", StringComparison.Ordinal),
            Converge,
            () => File.ReadAllText(node1.AgentLog));
        Assert.Equal("200.0.0.99", node1.RoutesWithProtocol(RouteProtocol.Static)[peerSubnet]);
        Assert.False(node1.AgentRoutes().ContainsKey(peerSubnet));
    }

    [Fact]
    public void Routes_and_pod_traffic_survive_an_etcd_outage_and_a_node_that_joined_meanwhile_is_picked_up()
    {
        using var cluster = new TestCluster();
        var etcd = cluster.StartEtcd();
        var subnets = StartNodes(cluster, 3);
        RoutesConverge(subnets);
        var pod1 = cluster.Nodes[0].AddPod();
        var pod3 = cluster.Nodes[2].AddPod();

        etcd.Stop();
        var fourth = cluster.AddNode();
        var fourthAgent = fourth.StartAgent(cluster.EtcdAgentArguments());
        // Longer than the 6s lease TTL: nothing may be dropped because etcd is gone.
        for (var second = 0; second < 8; second += 2)
        {
            Pings(pod1.Pod.Name, pod3.Address, "pod on node1 -> pod on node3 while etcd is down");
            foreach (var node in subnets.Keys)
            {
                Assert.True(SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, subnets)), $"{node.Name} lost routes while etcd was down: {Show(node.AgentRoutes())}");
            }

            Thread.Sleep(TimeSpan.FromSeconds(2));
        }

        Assert.Null(fourth.ConflistSubnet());
        Assert.False(fourthAgent.HasExited, fourthAgent.Output);

        etcd.Start();
        var withFourth = new Dictionary<ClusterNode, string>(subnets) { [fourth] = fourth.WaitForSubnet(fourthAgent) };
        Assert.Equal(4, withFourth.Values.Distinct().Count());
        RoutesConverge(withFourth);
        var pod4 = fourth.AddPod();
        Pings(pod1.Pod.Name, pod4.Address, "pod on node1 -> pod on node4 that joined during the outage");

        // The first three kept their subnets through the outage.
        foreach (var (node, subnet) in subnets)
        {
            Assert.Equal(subnet, node.ConflistSubnet());
        }
    }

    [Fact]
    public void Two_agents_racing_for_the_last_subnet_never_share_it_and_the_loser_says_the_range_is_exhausted()
    {
        using var cluster = new TestCluster();
        cluster.StartEtcd();
        var args = cluster.EtcdAgentArguments(clusterCidr: "100.100.0.0/23");
        var holder = cluster.AddNode();
        var holderSubnet = holder.WaitForSubnet(holder.StartAgent(args));
        var racers = new[] { cluster.AddNode(), cluster.AddNode() };

        var agents = racers.Select(n => n.StartAgent(args)).ToArray();

        Eventually.True(() => agents.Any(a => a.HasExited), Converge, () => "neither racer gave up: " + string.Join("\n---\n", agents.Select(a => a.Output)));
        var loser = agents.Single(a => a.HasExited);
        var winner = racers[Array.IndexOf(agents, agents.Single(a => !a.HasExited))];
        Assert.Equal(1, loser.ExitCode);
        Assert.Contains("cluster range 100.100.0.0/23 is exhausted: all 2 /24 subnets are leased", loser.Output, StringComparison.Ordinal);

        var winnerSubnet = winner.WaitForSubnet();
        Assert.NotEqual(holderSubnet, winnerSubnet);
        Assert.Equal(["100.100.0.0/24", "100.100.1.0/24"], new[] { holderSubnet, winnerSubnet }.Order());
        Assert.Equal(2, cluster.Etcd!.Get("/humanz-cni/subnets/").Count);
        Assert.Null(racers.Single(n => n != winner).ConflistSubnet());
    }

    /// <summary>Adds <paramref name="count"/> nodes with agents on the cluster's etcd; returns each node's subnet.</summary>
    private static Dictionary<ClusterNode, string> StartNodes(TestCluster cluster, int count)
    {
        var agents = Enumerable.Range(0, count).Select(_ => cluster.AddNode()).Select(n => (Node: n, Agent: n.StartAgent(cluster.EtcdAgentArguments()))).ToList();
        return agents.ToDictionary(a => a.Node, a => a.Node.WaitForSubnet(a.Agent));
    }
}
