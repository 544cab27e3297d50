using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;
using static HumanzCni.IntegrationTests.Agent.Kubernetes.KubernetesAgentTests;

namespace HumanzCni.IntegrationTests.Agent.Kubernetes;

/// <summary>Dual-stack Nodes (spec.podCIDRs of both families, InternalIPs of both) through the stand-in API server, host-gw.</summary>
public sealed class DualStackKubernetesTests
{
    [Fact]
    public async Task Both_podCIDRs_go_into_the_conflist_and_are_routed_via_the_InternalIP_of_their_family()
    {
        using var cluster = new TestCluster("hzkd");
        await using var api = await StartApiServerAsync(cluster);
        var (n1, n2) = (cluster.AddNode("n1"), cluster.AddNode("n2"));
        api.Put("n1", ["100.100.11.0/24", "fd00:100:11::/64"], [n1.Address, n1.Address6]);
        api.Put("n2", ["100.100.12.0/24", "fd00:100:12::/64"], [n2.Address, n2.Address6], createdSecond: 1);
        api.Put("n3", ["100.100.13.0/24", "fd00:100:13::/64"], ["200.0.0.30"], createdSecond: 2);

        var agent1 = n1.StartAgent(AgentArguments(api, n1));
        var agent2 = n2.StartAgent(AgentArguments(api, n2));
        Eventually.True(() => n1.ConflistSubnets().SequenceEqual(["100.100.11.0/24", "fd00:100:11::/64"]), Converge, () => agent1.Output);
        Eventually.True(
            () => SameRoutes(n1.AgentRoutes6(), new Dictionary<string, string> { ["fd00:100:12::/64"] = n2.Address6 })
                && SameRoutes(n1.AgentRoutes(), new Dictionary<string, string> { ["100.100.12.0/24"] = n2.Address, ["100.100.13.0/24"] = "200.0.0.30" }),
            Converge,
            () => $"{Show(n1.AgentRoutes())} {Show(n1.AgentRoutes6())}\n{agent1.Output}");
        LogShows(agent1, "node n3 has no IPv6 InternalIP in status.addresses: its podCIDR fd00:100:13::/64 is not routed");
        Eventually.True(() => n2.AgentRoutes6().ContainsKey("fd00:100:11::/64"), Converge, () => agent2.Output);

        var (pod1, pod2) = (n1.AddPod(), n2.AddPod());
        DualStackAgentTests.PodReaches(pod1, pod2.Address6!);
        DualStackAgentTests.PodReaches(pod2, pod1.Address6!);

        // n2 goes: its routes of both families go with it.
        api.Delete("n2");
        Eventually.True(
            () => n1.AgentRoutes6().Count == 0 && SameRoutes(n1.AgentRoutes(), new Dictionary<string, string> { ["100.100.13.0/24"] = "200.0.0.30" }),
            Converge,
            () => $"{Show(n1.AgentRoutes())} {Show(n1.AgentRoutes6())}\n{agent1.Output}");
        Assert.Equal(0, agent1.Stop(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, agent2.Stop(TimeSpan.FromSeconds(5)));
    }
}
