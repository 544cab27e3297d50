extern alias KubernetesFull;

using System.Globalization;
using System.Net.Sockets;
using HumanzCni.IntegrationTests.Agent;
using KubernetesFull::k8s.Models;
using static HumanzCni.IntegrationTests.Agent.ClusterAssertions;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>
/// The image's agent, run by podman in a test node's network namespace with the manifest's capabilities and
/// read-only root, on a static cluster file: its routes appear on that node and follow the file, and the
/// manifest's probe finds it healthy.
/// </summary>
public sealed class ImageAgentTests
{
    [Fact]
    public void The_images_agent_routes_to_the_other_nodes_and_drops_a_node_that_leaves_the_file()
    {
        using var cluster = new TestCluster("hzim");
        var nodes = Enumerable.Range(0, 3).Select(_ => cluster.AddNode()).ToList();
        var subnets = nodes.ToDictionary(n => n, n => $"100.100.{n.Index}.0/24");
        var node = nodes[0];
        var file = StaticClusterTests.WriteClusterFile(node, subnets);
        var manifest = Manifest.Load();
        var health = ManifestArgs.Of(manifest.Agent).ValueOf("--health-address")!;
        var container = Podman.NewContainerName();
        try
        {
            Podman.Start(
                container,
                ["--network", $"ns:{node.Namespace.Path}", .. Podman.SecurityOptions(manifest.Agent), "-v", $"{node.Node.Directory}:{node.Node.Directory}"],
                ["agent", .. node.NodeArguments, "--static-cluster", file, "--reconcile-seconds", "1", "--health-address", health]);

            Eventually.True(() => node.ConflistSubnet() == subnets[node], Converge, () => $"no conflist for {subnets[node]}\n{Podman.Logs(container)}");
            Eventually.True(() => SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, subnets)), Converge, () => $"{Show(node.AgentRoutes())}\n{Podman.Logs(container)}");
            var probe = manifest.Agent.ReadinessProbe.HttpGet;
            Eventually.True(() => Probe(node, probe) == "HTTP/1.1 200 OK", Converge, () => $"{probe.Path}: {Probe(node, probe)}\n{Podman.Logs(container)}");

            var remaining = subnets.Where(s => s.Key != nodes[2]).ToDictionary(s => s.Key, s => s.Value);
            StaticClusterTests.WriteClusterFile(node, remaining);
            Eventually.True(() => SameRoutes(node.AgentRoutes(), ExpectedRoutes(node, remaining)), Converge, () => $"{Show(node.AgentRoutes())}\n{Podman.Logs(container)}");
            Assert.Null(Podman.ExitCode(container));
        }
        finally
        {
            Podman.Remove(container);
        }
    }

    /// <summary>The kubelet's httpGet probe, from inside the node (the pod shares its network): the status line, or null while nothing listens.</summary>
    private static string? Probe(ClusterNode node, V1HTTPGetAction probe)
    {
        try
        {
            return NamespaceHttp.Get(node.Namespace, probe.Host, int.Parse(probe.Port.Value, CultureInfo.InvariantCulture), probe.Path, TimeSpan.FromSeconds(5)).StatusLine;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
