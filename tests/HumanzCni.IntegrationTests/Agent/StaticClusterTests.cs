using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>`humanz-cni agent --static-cluster FILE`: the same routes and conflists as with etcd, from a file.</summary>
public sealed class StaticClusterTests
{
    [Fact]
    public void Once_applies_the_static_file_routes_and_conflist_and_pods_reach_each_other()
    {
        using var cluster = new TestCluster();
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var subnets = nodes.ToDictionary(n => n, n => $"100.100.{n.Index}.0/24");
        var file = WriteClusterFile(nodes[0], subnets);

        foreach (var node in nodes)
        {
            var result = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once"]);
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Equal(subnets[node], node.ConflistSubnet());
            Assert.True(SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, subnets)), $"{node.Name}: {Show(node.AgentRoutes())}");
        }

        var pods = nodes.Select(n => n.AddPod()).ToList();
        Pings(pods[0].Pod.Name, pods[2].Address, "pod on node1 -> pod on node3");
        Pings(pods[2].Pod.Name, pods[1].Address, "pod on node3 -> pod on node2");

        // A node removed from the file loses its routes at the next apply.
        var remaining = subnets.Where(s => s.Key != nodes[2]).ToDictionary(s => s.Key, s => s.Value);
        WriteClusterFile(nodes[0], remaining);
        Assert.Equal(0, nodes[0].RunBinary(["agent", .. nodes[0].NodeArguments, "--static-cluster", file, "--once"]).ExitCode);
        Assert.True(SameRoutes(nodes[0].AgentRoutes(), ExpectedRoutes(nodes[0], remaining)), Show(nodes[0].AgentRoutes()));
    }

    [Fact]
    public void Running_static_agent_follows_edits_of_the_file()
    {
        using var cluster = new TestCluster();
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var two = nodes.Take(2).ToDictionary(n => n, n => $"100.100.{n.Index}.0/24");
        var file = WriteClusterFile(nodes[0], two);
        var agent = nodes[0].StartAgent("--static-cluster", file, "--reconcile-seconds", "1");
        Assert.Equal("100.100.1.0/24", nodes[0].WaitForSubnet(agent));
        Eventually.True(() => SameRoutes(nodes[0].AgentRoutes(), ExpectedRoutes(nodes[0], two)), Converge, () => Show(nodes[0].AgentRoutes()));

        var three = nodes.ToDictionary(n => n, n => $"100.100.{n.Index}.0/24");
        WriteClusterFile(nodes[0], three);
        Eventually.True(() => SameRoutes(nodes[0].AgentRoutes(), ExpectedRoutes(nodes[0], three)), Converge, () => Show(nodes[0].AgentRoutes()));
        Assert.Equal(0, agent.Stop());
    }

    [Fact]
    public void A_node_missing_from_the_static_file_is_a_clear_error()
    {
        using var cluster = new TestCluster();
        var node = cluster.AddNode("nowhere");
        var file = Path.Combine(node.Node.Directory, "cluster.json");
        File.WriteAllText(file, """{"nodes": [{"name": "other", "address": "200.0.0.20", "subnet": "100.100.2.0/24"}]}""");

        var result = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--once"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"node nowhere is not in static cluster file {file}", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(node.AgentRoutes());
    }

    internal static string WriteClusterFile(ClusterNode owner, IReadOnlyDictionary<ClusterNode, string> subnets)
    {
        var path = Path.Combine(owner.Node.Directory, "cluster.json");
        StaticClusterFiles.Write(path, subnets.Select(s => (s.Key.Name, s.Key.Address, s.Value)));
        return path;
    }
}
