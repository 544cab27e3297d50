using System.Text.Json;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// The fast half of the agent chaos (bench/chaos.sh runs the long one with pings): three nodes on etcd, a monitor
/// watching every agent route every 20 ms. Whatever happens to etcd or an agent, no route to a live node may go.
/// </summary>
public sealed class AgentChaosTests
{
    private const int LeaseTtlSeconds = 4;
    private const string LeasePrefix = "/humanz-cni/subnets/";

    [Fact]
    public void After_etcd_is_wiped_every_agent_reclaims_its_own_subnet_and_no_route_of_a_live_node_goes_meanwhile()
    {
        using var cluster = new TestCluster("hzxw");
        var (etcd, subnets) = StartCluster(cluster);

        using (var monitor = new AgentRouteMonitor(cluster.Nodes))
        {
            etcd.Kill();
            etcd.WipeData();
            etcd.Start();

            // Each agent finds its lease gone and claims its subnet again; none takes another node's.
            Eventually.True(() => Leases(etcd).Count == subnets.Count, Converge, () => $"leases in etcd: {string.Join(", ", Leases(etcd))}");
            Assert.Equal(subnets.ToDictionary(s => s.Key.Name, s => s.Value), Leases(etcd));

            // Past a TTL after the wipe (when a node that never came back would lose its routes), all still stand.
            Thread.Sleep(TimeSpan.FromSeconds(LeaseTtlSeconds + 1));
            Assert.Empty(monitor.Removals);
        }

        foreach (var node in cluster.Nodes)
        {
            Assert.True(SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, subnets)), $"{node.Name}: {Show(node.AgentRoutes())}");
        }
    }

    [Fact]
    public void An_agent_killed_and_restarted_keeps_its_subnet_and_no_route_of_a_live_node_goes_anywhere()
    {
        using var cluster = new TestCluster("hzxk");
        var (etcd, subnets) = StartCluster(cluster);
        var victim = cluster.Nodes[1];

        using (var monitor = new AgentRouteMonitor(cluster.Nodes))
        {
            victim.KillAgents();
            var restarted = victim.StartAgent(cluster.EtcdAgentArguments(leaseTtlSeconds: LeaseTtlSeconds, reconcileSeconds: 1));
            Eventually.True(() => restarted.Output.Contains($"resumed subnet {subnets[victim]} for node {victim.Name}", StringComparison.Ordinal), Converge, () => restarted.Output);

            // A few passes of the new agent and of the others, and a TTL for the killed agent's lease had it not been resumed.
            Thread.Sleep(TimeSpan.FromSeconds(LeaseTtlSeconds + 1));
            Assert.Empty(monitor.Removals);
        }

        Assert.Equal(subnets.ToDictionary(s => s.Key.Name, s => s.Value), Leases(etcd));
        foreach (var node in cluster.Nodes)
        {
            Assert.True(SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, subnets)), $"{node.Name}: {Show(node.AgentRoutes())}");
        }
    }

    /// <summary>etcd, three nodes and their agents (short TTL, a pass a second), routes converged; each node's subnet.</summary>
    private static (EtcdServer Etcd, Dictionary<ClusterNode, string> Subnets) StartCluster(TestCluster cluster)
    {
        var etcd = cluster.StartEtcd();
        var subnets = new Dictionary<ClusterNode, string>();
        for (var i = 0; i < 3; i++)
        {
            var node = cluster.AddNode();
            subnets[node] = node.WaitForSubnet(node.StartAgent(cluster.EtcdAgentArguments(leaseTtlSeconds: LeaseTtlSeconds, reconcileSeconds: 1)));
        }

        RoutesConverge(subnets);
        return (etcd, subnets);
    }

    /// <summary>The subnet leases in etcd: node name -> subnet.</summary>
    private static Dictionary<string, string> Leases(EtcdServer etcd)
    {
        var leases = new Dictionary<string, string>();
        foreach (var value in etcd.Get(LeasePrefix).Values)
        {
            using var record = JsonDocument.Parse(value);
            leases[record.RootElement.GetProperty("name").GetString()!] = record.RootElement.GetProperty("subnet").GetString()!;
        }

        return leases;
    }
}
