using System.Globalization;
using System.Net.Sockets;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>
/// `--health-address`: the published agent (static mode, and on etcd) inside a node namespace, its /healthz
/// and /metrics queried on the namespace's own loopback.
/// </summary>
public sealed class AgentHealthTests
{
    private const int Port = 9101;

    [Fact]
    public void Healthz_and_metrics_follow_the_reconciles_and_a_refused_route_turns_healthz_503_with_the_reason()
    {
        using var cluster = new TestCluster();
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var node = nodes[0];
        var file = Path.Combine(node.Node.Directory, "cluster.json");
        var members = nodes.Select(n => (n.Name, n.Address, Subnet: $"100.100.{n.Index}.0/24")).ToList();
        StaticClusterFiles.Write(file, members);
        var agent = node.StartAgent("--static-cluster", file, "--reconcile-seconds", "1", "--health-address", $"127.0.0.1:{Port}");

        // After the first pass: healthy, and the agent owns a route per peer.
        var healthy = Eventually.Value(() => Get(node, "/healthz") is { StatusLine: "HTTP/1.1 200 OK" } reply ? reply : null, Converge, () => $"{Get(node, "/healthz")}\n{agent.Output}");
        Assert.StartsWith("ok: last successful reconcile ", healthy.Body, StringComparison.Ordinal);
        var metrics = Metrics(node);
        Assert.Equal(2, Sample(metrics, "humanz_agent_routes_owned"));
        Assert.True(Sample(metrics, "humanz_agent_reconciles_total{outcome=\"success\"}") >= 1, metrics);
        Assert.Equal(0, Sample(metrics, "humanz_agent_store_errors_total{source=\"static\"}"));

        // A broken file is a store error, not a failed reconcile: the last good cluster is reconciled, and health
        // holds for longer than the three periods it would take to turn 503.
        File.WriteAllText(file, "{\"nodes\": [");
        Eventually.True(() => Sample(Metrics(node), "humanz_agent_store_errors_total{source=\"static\"}") >= 4, Converge, () => Metrics(node));
        Assert.Equal("HTTP/1.1 200 OK", Get(node, "/healthz")!.StatusLine);
        Assert.Equal(0, Sample(Metrics(node), "humanz_agent_reconciles_total{outcome=\"failure\"}"));

        // A peer behind an address the node cannot reach: the kernel refuses its route at every pass, so after
        // three periods without a successful reconcile /healthz says why.
        StaticClusterFiles.Write(file, [.. members, ("ghost", "10.99.0.1", "100.100.9.0/24")]);
        var failing = Eventually.Value(() => Get(node, "/healthz") is { StatusLine: "HTTP/1.1 503 Service Unavailable" } reply ? reply : null, Converge, () => $"{Get(node, "/healthz")}\n{agent.Output}");
        Assert.StartsWith("no successful reconcile for ", failing.Body, StringComparison.Ordinal);
        Assert.Contains(": route add 100.100.9.0/24 via 10.99.0.1 failed: ", failing.Body, StringComparison.Ordinal);
        metrics = Metrics(node);
        Assert.True(Sample(metrics, "humanz_agent_reconciles_total{outcome=\"failure\"}") >= 1, metrics);
        Assert.Equal(2, Sample(metrics, "humanz_agent_routes_owned"));

        Assert.Equal(0, agent.Stop());
    }

    [Fact]
    public void On_etcd_renewals_and_store_errors_are_counted_and_an_outage_keeps_the_node_healthy()
    {
        using var cluster = new TestCluster();
        var etcd = cluster.StartEtcd();
        var node = cluster.AddNode();
        var agent = node.StartAgent([.. cluster.EtcdAgentArguments(leaseTtlSeconds: 3, reconcileSeconds: 1), "--health-address", $"127.0.0.1:{Port}"]);
        node.WaitForSubnet(agent);

        // Keep-alives every second (a third of the TTL).
        Eventually.True(() => Sample(Metrics(node), "humanz_agent_lease_renewals_total{source=\"etcd\"}") >= 1, Converge, () => Metrics(node));
        Assert.Equal("HTTP/1.1 200 OK", Get(node, "/healthz")!.StatusLine);
        Assert.Equal(0, Sample(Metrics(node), "humanz_agent_store_errors_total{source=\"etcd\"}"));

        // etcd gone: errors are counted, routing goes on from the last picture, so health holds past three periods.
        etcd.Stop();
        Eventually.True(() => Sample(Metrics(node), "humanz_agent_store_errors_total{source=\"etcd\"}") >= 4, Converge, () => Metrics(node));
        Thread.Sleep(TimeSpan.FromSeconds(3));
        Assert.Equal("HTTP/1.1 200 OK", Get(node, "/healthz")!.StatusLine);

        Assert.Equal(0, agent.Stop());
    }

    [Fact]
    public void An_address_already_in_use_stops_the_agent_with_a_clear_error()
    {
        using var cluster = new TestCluster();
        var node = cluster.AddNode();
        var file = Path.Combine(node.Node.Directory, "cluster.json");
        StaticClusterFiles.Write(file, [(node.Name, node.Address, "100.100.1.0/24")]);
        var first = node.StartAgent("--static-cluster", file, "--health-address", $"127.0.0.1:{Port}");
        Eventually.True(() => Get(node, "/healthz") is not null, Converge, () => first.Output);

        var second = node.RunBinary(["agent", .. node.NodeArguments, "--static-cluster", file, "--health-address", $"127.0.0.1:{Port}"]);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"humanz-cni agent: --health-address 127.0.0.1:{Port}: cannot listen: Address already in use", second.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, first.Stop());
    }

    /// <summary>GET on the node's loopback from inside its namespace; null while nothing listens yet.</summary>
    private static NamespaceHttp.Reply? Get(ClusterNode node, string path)
    {
        try
        {
            return NamespaceHttp.Get(node.Namespace, "127.0.0.1", Port, path, TimeSpan.FromSeconds(5));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static string Metrics(ClusterNode node) =>
        Get(node, "/metrics") is { StatusLine: "HTTP/1.1 200 OK" } reply ? reply.Body : throw new InvalidOperationException($"/metrics: {Get(node, "/metrics")}");

    /// <summary>The value of one series (`name` or `name{labels}` exactly as the agent writes it).</summary>
    private static double Sample(string metrics, string series) =>
        metrics.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(series.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture))
            .Single();
}
