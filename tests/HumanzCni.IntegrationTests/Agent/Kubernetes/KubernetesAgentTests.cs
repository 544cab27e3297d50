using HumanzCni.IntegrationTests.Harness;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent.Kubernetes;

/// <summary>
/// `humanz-cni agent --kubeconfig` against <see cref="StandInApiServer"/> (no kube-apiserver can be installed
/// here): node namespaces on an underlay switch, the stand-in on a host of its own there, the published agent
/// inside node n1, its Nodes changed through the stand-in.
/// </summary>
public sealed class KubernetesAgentTests
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WithinTwoSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Renders_its_podCIDR_routes_the_others_via_their_InternalIP_and_follows_adds_changes_and_deletes_within_a_second()
    {
        using var cluster = new TestCluster("hzk");
        await using var api = await StartApiServerAsync(cluster);
        var n1 = cluster.AddNode("n1");
        api.Put("n1", ["100.100.11.0/24"], [n1.Address]);
        api.Put("n2", ["100.100.12.0/24"], ["200.0.0.20"], createdSecond: 1);

        var agent = n1.StartAgent(AgentArguments(api, n1));
        Assert.Equal("100.100.11.0/24", n1.WaitForSubnet(agent));
        RoutesBecome(n1, agent, Converge, ("100.100.12.0/24", "200.0.0.20"));

        api.Put("n3", ["100.100.13.0/24"], ["200.0.0.30"], createdSecond: 2);
        RoutesBecome(n1, agent, WithinASecond, ("100.100.12.0/24", "200.0.0.20"), ("100.100.13.0/24", "200.0.0.30"));
        api.Put("n2", ["100.100.12.0/24"], ["200.0.0.21"], createdSecond: 1);
        RoutesBecome(n1, agent, WithinASecond, ("100.100.12.0/24", "200.0.0.21"), ("100.100.13.0/24", "200.0.0.30"));
        api.Delete("n3");
        RoutesBecome(n1, agent, WithinASecond, ("100.100.12.0/24", "200.0.0.21"));

        // A later node claiming n2's podCIDR is warned about and never routed.
        api.Put("n4", ["100.100.12.0/24"], ["200.0.0.40"], createdSecond: 3);
        LogShows(agent, "node n4: podCIDR 100.100.12.0/24 overlaps 100.100.12.0/24 of node n2, which takes precedence: not routed");
        RoutesBecome(n1, agent, WithinASecond, ("100.100.12.0/24", "200.0.0.21"));

        // One list, then watches from a resourceVersion with bookmarks, as the API conventions ask.
        Assert.Equal(1, api.Lists);
        Assert.All(
            api.Requests.Where(r => r.Contains("watch=true", StringComparison.Ordinal)),
            r => Assert.Matches("allowWatchBookmarks=true.*resourceVersion=[0-9]+|resourceVersion=[0-9]+.*allowWatchBookmarks=true", r));

        Assert.Equal(0, agent.Stop(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Survives_a_dropped_watch_a_410_and_an_api_server_outage_keeping_its_routes_meanwhile()
    {
        using var cluster = new TestCluster("hzk");
        await using var api = await StartApiServerAsync(cluster);
        var n1 = cluster.AddNode("n1");
        api.Put("n1", ["100.100.11.0/24"], [n1.Address]);
        api.Put("n2", ["100.100.12.0/24"], ["200.0.0.20"], createdSecond: 1);
        var agent = n1.StartAgent(AgentArguments(api, n1));
        RoutesBecome(n1, agent, Converge, ("100.100.12.0/24", "200.0.0.20"));

        // Dropped: the watch resumes from its resourceVersion, and what changed meanwhile arrives without a list.
        api.DropWatches();
        api.Put("n2", ["100.100.12.0/24"], ["200.0.0.22"], createdSecond: 1);
        RoutesBecome(n1, agent, WithinTwoSeconds, ("100.100.12.0/24", "200.0.0.22"));
        Assert.Equal(1, api.Lists);

        // Dropped while the history was compacted: the resumed watch is answered 410 Gone, the agent lists again.
        api.CompactWhileDisconnected(() => api.Put("n3", ["100.100.13.0/24"], ["200.0.0.30"], createdSecond: 2));
        RoutesBecome(n1, agent, WithinTwoSeconds, ("100.100.12.0/24", "200.0.0.22"), ("100.100.13.0/24", "200.0.0.30"));
        Assert.Equal(2, api.Lists);
        LogShows(agent, "is too old for the API server (410 Gone");

        // A bookmark moves the agent's resourceVersion on: compacting up to it then costs no list.
        api.Bookmark();
        Thread.Sleep(500);
        api.CompactWhileDisconnected(() => { });
        api.Delete("n3");
        RoutesBecome(n1, agent, WithinTwoSeconds, ("100.100.12.0/24", "200.0.0.22"));
        Assert.Equal(2, api.Lists);

        // Outage: the routes stay as they were (past a reconcile period); when it is back, what changed meanwhile is caught up.
        await api.StopAsync();
        api.Put("n4", ["100.100.14.0/24"], ["200.0.0.40"], createdSecond: 4);
        LogShows(agent, "lost the API server");
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.True(SameRoutes(n1.AgentRoutes(), new Dictionary<string, string> { ["100.100.12.0/24"] = "200.0.0.22" }), Show(n1.AgentRoutes()));
        await api.StartAsync();
        RoutesBecome(n1, agent, TimeSpan.FromSeconds(10), ("100.100.12.0/24", "200.0.0.22"), ("100.100.14.0/24", "200.0.0.40"));
        Assert.False(agent.HasExited, agent.Output);
        Assert.Equal(0, agent.Stop(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Waits_for_an_unreachable_api_server_then_its_node_then_the_node_s_podCIDR_and_stops_on_SIGTERM_within_five_seconds()
    {
        using var cluster = new TestCluster("hzk");
        await using var api = new StandInApiServer(cluster.AddHost("api", StandInApiServer.HostNumber));
        var n1 = cluster.AddNode("n1");
        var agent = n1.StartAgent(AgentArguments(api, n1));
        LogShows(agent, $"cannot reach the API server {api.Url}");

        await api.StartAsync();
        LogShows(agent, "node n1 is not registered with the API server (no Node of that name); waiting for it to appear");
        api.Put("n2", ["100.100.12.0/24"], ["200.0.0.20"], createdSecond: 1);
        api.Put("n1", [], [n1.Address]);
        LogShows(agent, "node n1 has no spec.podCIDRs yet");
        Assert.Null(n1.ConflistSubnet());
        Assert.Empty(n1.AgentRoutes());

        api.Put("n1", ["100.100.11.0/24"], [n1.Address]);
        Assert.Equal("100.100.11.0/24", n1.WaitForSubnet(agent));
        RoutesBecome(n1, agent, WithinASecond, ("100.100.12.0/24", "200.0.0.20"));
        Assert.Equal(0, agent.Stop(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_missing_kubeconfig_is_a_usage_error_and_a_malformed_one_a_clear_error_without_a_stack_trace()
    {
        var directory = Directory.CreateTempSubdirectory("hzk-kubeconfig-");
        try
        {
            var missing = Agent("--kubeconfig", Path.Combine(directory.FullName, "absent"), "--conf-dir", directory.FullName);
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("absent: no such file", missing.StandardError, StringComparison.Ordinal);

            var malformed = Path.Combine(directory.FullName, "kubeconfig");
            File.WriteAllText(malformed, "apiVersion: v1\nclusters: [\n  - {");
            var result = Agent("--kubeconfig", malformed, "--conf-dir", directory.FullName);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"cannot use the kubeconfig {malformed}: ", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);

            var both = Agent("--kubeconfig", malformed, "--static-cluster", malformed);
            Assert.Equal(2, both.ExitCode);
            Assert.Contains("give one", both.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_vxlan_pods_across_the_router_reach_each_other_over_the_InternalIPs_and_a_node_without_one_is_skipped()
    {
        using var cluster = new TestCluster("hzkv", UnderlayLayout.Routed);
        await using var api = await StartApiServerAsync(cluster);
        var (n1, n2) = (cluster.AddNode("n1"), cluster.AddNode("n2"));
        api.Put("n1", ["100.100.11.0/24"], [n1.Address]);
        api.Put("n2", ["100.100.12.0/24"], [n2.Address], createdSecond: 1);
        api.Put("n3", ["100.100.13.0/24"], ["fd00:200::30"], createdSecond: 2);

        var agent1 = n1.StartAgent([.. AgentArguments(api, n1), "--backend", "vxlan"]);
        var agent2 = n2.StartAgent([.. AgentArguments(api, n2), "--backend", "vxlan"]);
        RoutesBecome(n1, agent1, Converge, ("100.100.12.0/24", "100.100.12.0"));
        RoutesBecome(n2, agent2, Converge, ("100.100.11.0/24", "100.100.11.0"));
        LogShows(agent1, "node n3 has no IPv4 InternalIP in status.addresses: its podCIDR 100.100.13.0/24 is not routed");

        var (pod1, pod2) = (n1.AddPod(), n2.AddPod());
        Eventually.True(() => PluginChecks.Ping(pod1.Pod.Name, pod2.Address), TimeSpan.FromSeconds(10), () => $"pod on n1 cannot ping {pod2.Address}\n{agent1.Output}");
        Pings(pod2.Pod.Name, pod1.Address, "pod on n2 -> pod on n1");
        Assert.Equal(0, agent1.Stop(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, agent2.Stop(TimeSpan.FromSeconds(5)));
    }

    internal static async Task<StandInApiServer> StartApiServerAsync(TestCluster cluster)
    {
        var api = new StandInApiServer(cluster.AddHost("api", StandInApiServer.HostNumber));
        await api.StartAsync();
        return api;
    }

    internal static string[] AgentArguments(StandInApiServer api, ClusterNode node) =>
        ["--kubeconfig", api.WriteKubeconfig(node.Node.Directory), "--reconcile-seconds", "2"];

    private static ProcessResult Agent(params string[] args) =>
        ProcessRunner.Run(PluginBinary.Path, ["agent", "--node-name", "n1", .. args], timeout: TimeSpan.FromSeconds(30));

    /// <summary>Waits until the node's agent routes are exactly <paramref name="routes"/> (subnet, gateway).</summary>
    private static void RoutesBecome(ClusterNode node, BackgroundProcess agent, TimeSpan within, params (string Subnet, string Via)[] routes)
    {
        var expected = routes.ToDictionary(r => r.Subnet, r => r.Via);
        Eventually.True(
            () => SameRoutes(node.AgentRoutes(), expected),
            within,
            () => $"{node.Name} routes {Show(node.AgentRoutes())}, expected {Show(expected)}. Agent output:\n{agent.Output}");
    }

    internal static void LogShows(BackgroundProcess agent, string text) =>
        Eventually.True(() => agent.Output.Contains(text, StringComparison.Ordinal), Converge, () => $"the agent never logged '{text}':\n{agent.Output}");
}
