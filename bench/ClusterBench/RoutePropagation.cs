using System.Diagnostics;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// N nodes on the testbed's underlay with agents on etcd, host-gw on one switch or vxlan across the routed underlay. The first N-1 agents run throughout; the last
/// node joins REPETITIONS times: its agent starts (the clock starts just before the process does), and the
/// clock stops when every other node has a route (and with vxlan an FDB entry and a neighbour) for every peer, the joining one included.
/// Then it leaves (SIGTERM with --release-on-exit) and the next join waits until its routes are gone everywhere.
/// </summary>
internal static class RoutePropagation
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static PropagationMeasurement Measure(string backend, int nodes, int repetitions)
    {
        var vxlan = backend == "vxlan";
        using var cluster = new TestCluster("hzcb", vxlan ? UnderlayLayout.Routed : UnderlayLayout.OneSegment);
        cluster.StartEtcd();
        string[] agentArguments = [.. cluster.EtcdAgentArguments(leaseTtlSeconds: 10, reconcileSeconds: 10), "--release-on-exit", "--backend", backend];
        for (var i = 0; i < nodes; i++)
        {
            cluster.AddNode();
        }

        var others = cluster.Nodes.Take(nodes - 1).ToList();
        foreach (var node in others)
        {
            node.StartAgent(agentArguments);
        }

        var joining = cluster.Nodes[^1];
        Eventually.True(() => others.All(n => Has(n, nodes - 2, vxlan)), Deadline, () => "the first agents did not route to each other");

        var samples = new List<TimeSpan>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var start = Stopwatch.GetTimestamp();
            var agent = joining.StartAgent(agentArguments);
            while (!others.All(n => Has(n, nodes - 1, vxlan)))
            {
                if (Stopwatch.GetElapsedTime(start) > Deadline || agent.HasExited)
                {
                    throw new InvalidOperationException($"{joining.Name} was not routed everywhere in time:\n{agent.Output}");
                }

                Thread.Sleep(1);
            }

            samples.Add(Stopwatch.GetElapsedTime(start));
            agent.Stop();
            Eventually.True(() => others.All(n => Has(n, nodes - 2, vxlan)), Deadline, () => $"{joining.Name}'s routes stayed after it left");
        }

        return new PropagationMeasurement(backend, nodes, samples);
    }

    private static bool Has(ClusterNode node, int peers, bool vxlan) => PeerState.Read(node.Namespace).Has(peers, vxlan);
}
