using System.Diagnostics;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// Agent chaos on a three-node host-gw cluster on etcd, while every pod pings every pod on the other nodes
/// (<see cref="PingLoop"/>) and <see cref="AgentRouteMonitor"/> watches every agent route: etcd killed and started
/// again; etcd's data wiped; node2's agent SIGKILLed and started again; node3 cut off the underlay for longer than
/// the lease TTL, then connected again. Each phase ends when the cluster has converged again (every node routing
/// every other); its pings lost are counted, and every route removed is checked: only node3's subnet, gone past its
/// TTL, may go, and only from the nodes that stayed, which must all have dropped it by the end of the cut.
/// </summary>
internal static class AgentChaos
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    public static List<ChaosPhase> Run(int ttlSeconds)
    {
        using var cluster = new TestCluster("hzch");
        var etcd = cluster.StartEtcd();
        string[] agentArguments = cluster.EtcdAgentArguments(leaseTtlSeconds: ttlSeconds, reconcileSeconds: 1);
        var subnets = new Dictionary<ClusterNode, string>();
        for (var i = 0; i < 3; i++)
        {
            var node = cluster.AddNode();
            subnets[node] = node.WaitForSubnet(node.StartAgent(agentArguments));
        }

        WaitConverged(subnets);
        var pods = cluster.Nodes.Select(n => n.AddPod()).ToList();
        var (node2, node3) = (cluster.Nodes[1], cluster.Nodes[2]);
        var phases = new List<ChaosPhase>();
        using var pings = new PingLoop(pods);
        using var monitor = new AgentRouteMonitor(cluster.Nodes);
        // The first echoes of a fresh path wait for ARP: the steady phase starts once pings pass.
        Thread.Sleep(TimeSpan.FromSeconds(1));

        void Phase(string name, Action chaos, ClusterNode? gone = null, Func<string>? check = null)
        {
            var before = pings.Counts();
            var from = monitor.Elapsed;
            Console.Error.WriteLine($"chaos: {name}");
            chaos();
            var checkResult = check?.Invoke();
            WaitConverged(subnets);
            // A second of steady traffic after convergence, so a late loss is counted in its phase.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            var after = pings.Counts();
            var removals = monitor.Removals.Where(r => r.At >= from).ToList();
            var allowed = gone is null ? [] : removals.Where(r => r.Subnet == subnets[gone] && r.Node != gone.Name).ToList();
            phases.Add(new ChaosPhase(
                name,
                monitor.Elapsed - from,
                after.Sum(p => p.Value.Sent - before[p.Key].Sent),
                after.Sum(p => p.Value.Lost - before[p.Key].Lost),
                after.Where(p => p.Value.Lost > before[p.Key].Lost).ToDictionary(p => p.Key, p => p.Value.Lost - before[p.Key].Lost),
                [.. removals.Except(allowed)],
                allowed.Count,
                checkResult));
        }

        Phase("steady (nothing done, 3 s)", () => Thread.Sleep(TimeSpan.FromSeconds(3)));
        Phase("etcd SIGKILLed, down 3 s, started again", () =>
        {
            etcd.Kill();
            Thread.Sleep(TimeSpan.FromSeconds(3));
            etcd.Start();
        });
        Phase("etcd wiped: killed, data deleted, started empty", () =>
        {
            etcd.Kill();
            etcd.WipeData();
            etcd.Start();
            // A TTL and a bit: a node that never claimed again would now lose its routes.
            Thread.Sleep(TimeSpan.FromSeconds(ttlSeconds + 1));
        }, check: () => ReclaimedOwnSubnets(etcd, subnets));
        Phase("node2's agent SIGKILLed, started again after 1 s", () =>
        {
            node2.KillAgents();
            Thread.Sleep(TimeSpan.FromSeconds(1));
            node2.StartAgent(agentArguments);
            Thread.Sleep(TimeSpan.FromSeconds(2));
        });
        Phase($"node3 cut off the underlay for TTL + 3 s ({ttlSeconds + 3} s), then back", () =>
        {
            cluster.SetUnderlayUp(node3, up: false);
            Thread.Sleep(TimeSpan.FromSeconds(ttlSeconds + 3));
        }, gone: node3, check: () =>
        {
            // Checked before the cable goes back in: a node gone past its TTL has lost its routes everywhere.
            var still = cluster.Nodes.Where(n => n != node3 && n.AgentRoutes().ContainsKey(subnets[node3])).Select(n => n.Name).ToList();
            cluster.SetUnderlayUp(node3, up: true);
            return still.Count == 0 ? $"at the end of the cut no node routed {subnets[node3]}" : $"FAIL: {string.Join(", ", still)} still routed {subnets[node3]} after the TTL";
        });
        return phases;
    }

    /// <summary>Every node routes every other node's subnet via its address (the other routes may lag: polled).</summary>
    private static void WaitConverged(IReadOnlyDictionary<ClusterNode, string> subnets)
    {
        var start = Stopwatch.GetTimestamp();
        while (!subnets.Keys.All(node => subnets.Where(s => s.Key != node).All(s => node.AgentRoutes().TryGetValue(s.Value, out var via) && via == s.Key.Address)))
        {
            if (Stopwatch.GetElapsedTime(start) > Converge)
            {
                throw new InvalidOperationException($"the cluster did not converge again within {Converge.TotalSeconds:0} s: " +
                    string.Join("; ", subnets.Keys.Select(n => $"{n.Name}: {string.Join(", ", n.AgentRoutes().Select(r => $"{r.Key} via {r.Value}"))}")));
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Whether etcd holds each node's lease for the subnet it had before the wipe (names and subnets from the leases' JSON).</summary>
    private static string ReclaimedOwnSubnets(EtcdServer etcd, IReadOnlyDictionary<ClusterNode, string> subnets)
    {
        using var gateway = new EtcdGateway(etcd.Host);
        var leases = gateway.Leases();
        var wrong = subnets.Where(s => !leases.TryGetValue(s.Key.Name, out var subnet) || subnet != s.Value).Select(s => $"{s.Key.Name} holds {leases.GetValueOrDefault(s.Key.Name, "nothing")}, had {s.Value}").ToList();
        return wrong.Count == 0 && leases.Count == subnets.Count
            ? $"each node re-claimed its own subnet ({string.Join(", ", leases.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {l.Value}"))})"
            : $"FAIL: {string.Join("; ", wrong)}; leases {string.Join(", ", leases)}";
    }
}
