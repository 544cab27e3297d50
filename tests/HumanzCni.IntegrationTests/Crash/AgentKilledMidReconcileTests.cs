using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using HumanzCni.IntegrationTests.Agent;
using HumanzCni.Netlink;
using Xunit.Abstractions;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// Issue 10 §1 for the agent: killed in the middle of a reconcile pass (at its k-th netlink send or conflist write,
/// all threads counted), a restarted agent must converge to exactly the desired routes and leave every route it does
/// not own as it was: one to another prefix, and one to a peer's subnet that the agent must then not route.
/// </summary>
public sealed class AgentKilledMidReconcileTests(KillTracer tracer, ITestOutputHelper output) : IClassFixture<KillTracer>
{
    private const int Peers = 20;

    /// <summary>A peer whose subnet already has a route of another owner: the agent leaves it alone.</summary>
    private const string ForeignHeldSubnet = "100.100.5.0/24";

    /// <summary>An agent route to a node no longer in the file: the pass deletes it, so deletes get killed too.</summary>
    private const string StaleSubnet = "100.100.200.0/24";

    /// <summary>Every second kill point (1, 3, 5...) and the last: the points are alike (one route add each), and each costs two agent runs.</summary>
    [Fact]
    public void Static_agent_killed_mid_reconcile_converges_after_a_restart_and_touches_nothing_foreign()
    {
        var watch = Stopwatch.StartNew();
        using var cluster = new TestCluster("hzka");
        var node = cluster.AddNode();
        var subnets = Enumerable.Range(0, Peers).ToDictionary(i => $"peer{i}", i => (Address: $"200.0.0.{100 + i}", Subnet: $"100.100.{i + 2}.0/24"));
        var file = Path.Combine(node.Node.Directory, "cluster.json");
        StaticClusterFiles.Write(file, [(node.Name, node.Address, "100.100.1.0/24"), .. subnets.Select(p => (p.Key, p.Value.Address, p.Value.Subnet))]);
        var expected = subnets.Values.Where(p => p.Subnet != ForeignHeldSubnet).ToDictionary(p => p.Subnet, p => p.Address);
        node.Namespace.Ip("route", "add", "10.77.0.0/24", "via", "200.0.0.250", "proto", "static");
        node.Namespace.Ip("route", "add", ForeignHeldSubnet, "via", "200.0.0.251", "proto", "boot");
        var foreign = ForeignRoutes(node);

        var failures = new List<string>();
        var counted = KillAndRestart(node, file, killAt: 0, expected, foreign, failures);
        var calls = counted.Counted;
        Assert.True(calls > Peers, $"the tracer counted {calls} calls for a pass adding {Peers - 1} routes");
        var points = KillSweep.Points(counted, first: 1, every: 2);
        foreach (var k in points)
        {
            KillAndRestart(node, file, k, expected, foreign, failures);
        }

        output.WriteLine($"static agent, {Peers} peers: {calls} calls in a pass, killed at {points.Count} of them in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, $"{calls} calls, {failures.Count} failures:\n{string.Join("\n", failures)}");
    }

    /// <summary>
    /// From the state before a first pass (no conflist, one stale agent route), `agent --once` killed at call
    /// <paramref name="killAt"/> (0: never), then run again untraced; returns the traced run.
    /// </summary>
    private TracedRun KillAndRestart(ClusterNode node, string file, int killAt, Dictionary<string, string> expected, IReadOnlyList<string> foreign, List<string> failures)
    {
        node.Namespace.Ip("route", "flush", "proto", RouteProtocol.HumanzAgent.ToString(CultureInfo.InvariantCulture));
        node.Namespace.Ip("route", "add", StaleSubnet, "via", "200.0.0.99", "proto", RouteProtocol.HumanzAgent.ToString(CultureInfo.InvariantCulture));
        foreach (var conf in Directory.EnumerateFiles(node.Node.ConfDir))
        {
            File.Delete(conf);
        }

        string[] agent = [PluginBinary.Path, "agent", .. node.NodeArguments, "--static-cluster", file, "--once"];
        var where = $"killed at call {killAt}";
        var run = KillTracer.Parse(ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, tracer.Path, killAt.ToString(CultureInfo.InvariantCulture), node.Node.ConfDir, .. agent], timeout: TimeSpan.FromSeconds(30)));
        if (run.Killed != killAt > 0)
        {
            failures.Add($"{where}: the traced pass made {run.Counted} calls, killed: {run.Killed}; {run.Result.StandardError}");
        }

        var restart = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, .. agent], timeout: TimeSpan.FromSeconds(30));
        if (restart.ExitCode != 0)
        {
            failures.Add($"{where}: the restarted agent exited {restart.ExitCode}: {restart.StandardError}");
        }

        if (!SameRoutes(node.AgentRoutes(), expected))
        {
            failures.Add($"{where}: agent routes after the restart: {Show(node.AgentRoutes())}");
        }

        var foreignNow = ForeignRoutes(node);
        if (!foreignNow.SequenceEqual(foreign))
        {
            failures.Add($"{where}: routes the agent does not own changed:\n{string.Join("\n", foreign)}\n->\n{string.Join("\n", foreignNow)}");
        }

        var confFiles = Directory.EnumerateFiles(node.Node.ConfDir).Select(Path.GetFileName).ToList();
        if (confFiles is not [_] || node.ConflistSubnet() != "100.100.1.0/24")
        {
            failures.Add($"{where}: conf dir holds {string.Join(", ", confFiles)}, conflist subnet {node.ConflistSubnet()}");
        }

        return run;
    }

    /// <summary>Every route of the node (all tables, both families) not stamped with the agent's protocol, as text.</summary>
    private static List<string> ForeignRoutes(ClusterNode node) =>
        [.. new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 }
            .SelectMany(family => node.Namespace.Run(netlink => netlink.ListRoutes(family)))
            .Where(route => route.Protocol != RouteProtocol.HumanzAgent)
            .Select(route => route.ToString())
            .Order(StringComparer.Ordinal)];
}
