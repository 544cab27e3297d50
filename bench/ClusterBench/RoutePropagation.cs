using System.Diagnostics;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// N nodes on the testbed's underlay with agents on etcd. The first N-1 agents run throughout; the last
/// node joins REPETITIONS times: its agent starts (the clock starts just before the process does), and the
/// clock stops when every other node has the agent's route to the joining node's subnet via its address.
/// Then it leaves (SIGTERM with --release-on-exit) and the next join waits until its routes are gone everywhere.
/// </summary>
internal static class RoutePropagation
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static PropagationMeasurement Measure(int nodes, int repetitions)
    {
        using var cluster = new TestCluster("hzcb");
        cluster.StartEtcd();
        var agentArguments = cluster.EtcdAgentArguments(leaseTtlSeconds: 10, reconcileSeconds: 10).Append("--release-on-exit").ToArray();
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
        Eventually.True(() => others.All(n => n.AgentRoutes().Count == nodes - 2), Deadline, () => "the first agents did not route to each other");

        var samples = new List<TimeSpan>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var start = Stopwatch.GetTimestamp();
            var agent = joining.StartAgent(agentArguments);
            while (!others.All(n => RoutesVia(n, joining.Address)))
            {
                if (Stopwatch.GetElapsedTime(start) > Deadline || agent.HasExited)
                {
                    throw new InvalidOperationException($"{joining.Name} was not routed everywhere in time:\n{agent.Output}");
                }

                Thread.Sleep(1);
            }

            samples.Add(Stopwatch.GetElapsedTime(start));
            agent.Stop();
            Eventually.True(() => !others.Any(n => RoutesVia(n, joining.Address)), Deadline, () => $"{joining.Name}'s routes stayed after it left");
        }

        return new PropagationMeasurement(nodes, samples);
    }

    private static bool RoutesVia(ClusterNode node, string gateway) => node.AgentRoutes().Values.Contains(gateway);
}
