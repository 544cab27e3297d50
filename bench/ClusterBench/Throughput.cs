using System.Text.Json;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// TCP throughput with iperf3 between two nodes of a testbed cluster: pod to pod across the nodes (host-gw on one
/// switch, vxlan across the routed underlay), and node to node over the same underlay, the ceiling the pods share.
/// </summary>
internal static class Throughput
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Mbit/s received, pod to pod then node to node, each the median of <paramref name="repetitions"/> iperf3 runs.</summary>
    public static ThroughputMeasurement Measure(string backend, int seconds, int repetitions)
    {
        var vxlan = backend == "vxlan";
        using var cluster = new TestCluster("hztp", vxlan ? UnderlayLayout.Routed : UnderlayLayout.OneSegment);
        cluster.StartEtcd();
        var client = cluster.AddNode();
        var server = cluster.AddNode();
        foreach (var member in cluster.Nodes)
        {
            var agent = member.StartAgent([.. cluster.EtcdAgentArguments(leaseTtlSeconds: 30, reconcileSeconds: 30), "--backend", backend]);
            member.WaitForSubnet(agent);
        }

        Eventually.True(() => cluster.Nodes.All(n => PeerState.Read(n.Namespace).Has(1, vxlan)), Deadline, () => "the two agents did not install each other");
        var clientPod = client.AddPod();
        var serverPod = server.AddPod();
        var pod = new List<double>();
        var node = new List<double>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            pod.Add(Iperf(clientPod.Pod, serverPod.Pod, serverPod.Address, seconds));
            node.Add(Iperf(client.Namespace, server.Namespace, server.Address, seconds));
            Console.Error.WriteLine($"throughput bench: {backend} #{repetition + 1}: pod {pod[^1]:0} Mbit/s, node {node[^1]:0} Mbit/s");
        }

        return new ThroughputMeasurement(backend, seconds, pod, node);
    }

    /// <summary>One `iperf3 -c` of <paramref name="seconds"/> from one namespace to a one-off `iperf3 -s` in another: Mbit/s received.</summary>
    private static double Iperf(TestNamespace from, TestNamespace to, string address, int seconds)
    {
        using var listener = BackgroundProcess.Start("ip", ["netns", "exec", to.Name, "iperf3", "--server", "--one-off", "--bind", address]);
        ProcessResult result;
        var start = DateTime.UtcNow;
        do
        {
            // The server needs a moment to listen: a refused connection is retried.
            Thread.Sleep(100);
            result = ProcessRunner.Run("ip", ["netns", "exec", from.Name, "iperf3", "--client", address, "--time", $"{seconds}", "--json"], timeout: TimeSpan.FromSeconds(seconds + 30));
        }
        while (result.ExitCode != 0 && result.StandardOutput.Contains("Connection refused", StringComparison.Ordinal) && DateTime.UtcNow - start < Deadline);

        result.EnsureSuccess($"iperf3 to {address}");
        using var json = JsonDocument.Parse(result.StandardOutput);
        var bits = json.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
        return bits / 1e6;
    }
}
