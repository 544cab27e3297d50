using HumanzCni.Testbed;

namespace HumanzCni.AgentCli.Demo;

/// <summary>
/// The demo's play on a routed <see cref="TestCluster"/>: three nodes, node2 behind a router, each given its own
/// pod subnet by hand and a pod, shown unable to reach each other (no routes between nodes); then the agents (on
/// etcd, or on a static cluster file without it) with host-gw, which connects node1 and node3 but cannot reach
/// node2; then with vxlan, across the router: ping and HTTP between every node, the server seeing the client pod's
/// own address. Ends with a table of nodes, subnets, pods and each agent's routes, neighbours and FDB entries.
/// </summary>
internal sealed class ClusterDemo(TestCluster cluster, DemoSteps steps, bool useEtcd)
{
    public const int NodeCount = 3;
    private const string ClusterCidr = "100.100.0.0/16";
    private const int HttpPort = 8080;
    /// <summary>node2 (200.0.1.20) sits on the second switch, behind the router; node1 and node3 share the first.</summary>
    private const int BehindRouter = 2;
    private static readonly TimeSpan NoReplyTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    public void Play()
    {
        for (var i = 1; i <= NodeCount; i++)
        {
            steps.Require($"node{i}", () =>
            {
                var node = cluster.AddNode();
                var where = node.Index == BehindRouter ? "switch 2, behind the router" : "switch 1";
                return $"namespace {node.Namespace.Name}, eth1 {node.Address}/24 on {where}";
            });
        }

        DemoSteps.Say("");
        DemoSteps.Say("By hand: each node gets its own pod subnet (humanz-cni install) and a pod; no routes between nodes yet");
        foreach (var node in cluster.Nodes)
        {
            var subnet = SubnetOf(node);
            steps.Require($"{node.Name}: humanz-cni install --subnet {subnet}", () =>
            {
                node.Install(subnet);
                return $"plugin in {node.BinDir}, conflist {node.ConflistPath}";
            });
            steps.Require($"{node.Name}: ADD a pod (humanz-cni chain add, as a runtime does)", () =>
            {
                var pod = node.AddPod();
                return $"{pod.Pod.Name} eth0 {pod.Address}";
            });
        }

        NoReplies(Pairs().Where(p => p.To.Index == (p.From.Index % NodeCount) + 1), "without routes", (from, to) => $"{from.Name} has no route to {SubnetOf(to)}");

        DemoSteps.Say("");
        var agentArguments = StartEtcdOrWriteClusterFile();
        DemoSteps.Say($"The agents with --backend host-gw: each routes the others' subnets via their node addresses, which works on one switch only");
        StartAgents("start", agentArguments, "host-gw");
        var behind = cluster.Nodes[BehindRouter - 1];
        var (near, far) = (cluster.Nodes[0], cluster.Nodes[^1]);
        steps.Require($"{near.Name} and {far.Name} (switch 1) route each other's subnets; no node routes {behind.Name}'s", () =>
        {
            Eventually.True(() => RoutesVia(near, far) && RoutesVia(far, near), Converge, () => "routes did not converge", steps.Interrupted);
            return cluster.Nodes.Any(n => n.AgentRoutes().ContainsKey(SubnetOf(behind)))
                ? throw new InvalidOperationException($"a route to {SubnetOf(behind)} via {behind.Address}, which is behind the router")
                : $"the kernel refuses {SubnetOf(behind)} via {behind.Address}: not on-link, it is behind the router";
        });
        steps.Step($"ping pod on {near.Name} -> pod on {far.Name} ({far.Pods[0].Address})", () => Ping(near.Pods[0].Pod.Path, far.Pods[0].Address));
        NoReplies([(near, behind), (behind, far)], "with host-gw", (from, to) => $"{(from == behind ? from : to).Name} is behind the router, which routes no pod subnet");

        DemoSteps.Say("");
        DemoSteps.Say("The agents again, with --backend vxlan: a VXLAN device humanz.1 per node carries pod packets in UDP between node addresses, which the router forwards");
        // The last agents revoke their leases when the clean-up stops them.
        StartAgents("restart", agentArguments, "vxlan", useEtcd ? ["--release-on-exit"] : []);
        steps.Require("every node routes every other node's subnet through humanz.1 (route onlink via the peer's VTEP, permanent neighbour, FDB entry)", () =>
        {
            Eventually.True(() => cluster.Nodes.All(HasOverlayToTheOthers), Converge, () => "the overlay did not converge", steps.Interrupted);
            return string.Join("; ", cluster.Nodes.Select(n => BackendState.Read(n.Namespace)).Select((s, i) => $"{cluster.Nodes[i].Name} {s.Routes.Count} routes, {s.Neighbours.Count} neighbours, {s.Fdb.Count} fdb"));
        });

        DemoSteps.Say("");
        DemoSteps.Say("Across nodes now, through the overlay");
        foreach (var (from, to) in Pairs())
        {
            var target = to.Pods[0];
            steps.Step($"ping pod on {from.Name} -> pod on {to.Name} ({target.Address})", () => Ping(from.Pods[0].Pod.Path, target.Address));
        }

        foreach (var (from, to) in Pairs().Where(p => p.To.Index == (p.From.Index % NodeCount) + 1))
        {
            var target = to.Pods[0];
            steps.Step($"ping {from.Name} itself -> pod on {to.Name} ({target.Address})", () => Ping(from.Namespace.Path, target.Address));
        }

        var server = cluster.Nodes[^1].Pods[0];
        using (ClientAddressServer.Listen(server.Pod, server.Address, HttpPort))
        {
            foreach (var client in cluster.Nodes.Take(NodeCount - 1).Select(n => n.Pods[0]))
            {
                steps.Step($"HTTP GET http://{server.Address}:{HttpPort}/ from the pod on {client.Node.Name} ({client.Address})", () => HttpFrom(client, server));
            }
        }

        DemoSteps.Say("");
        DemoTable.Print(cluster.Nodes);
    }

    /// <summary>DELs every pod and stops the agents and etcd (SIGTERM), as steps, also after an interrupt; the cluster's Dispose removes the rest.</summary>
    public void TearDown()
    {
        DemoSteps.Say("");
        DemoSteps.Say("Clean-up");
        foreach (var node in cluster.Nodes)
        {
            foreach (var pod in node.Pods.ToList())
            {
                steps.Step($"DEL the pod on {node.Name} ({pod.Address})", () =>
                {
                    node.DeletePod(pod);
                    return "";
                }, evenIfInterrupted: true);
            }
        }

        foreach (var node in cluster.Nodes)
        {
            steps.Step($"{node.Name}: stop the agent (SIGTERM)", () =>
            {
                node.StopAgents();
                return "";
            }, evenIfInterrupted: true);
        }

        if (cluster.Etcd is { IsRunning: true } etcd)
        {
            steps.Step("stop etcd (SIGTERM)", () =>
            {
                etcd.Stop();
                return "";
            }, evenIfInterrupted: true);
        }
    }

    /// <summary>
    /// Node N's subnet is the N-th /24 of the range: the one its agent leases too, since agents started one
    /// after another on an empty store take the first free subnet each (the demo checks it did).
    /// </summary>
    private static string SubnetOf(ClusterNode node) => $"100.100.{node.Index - 1}.0/24";

    /// <summary>Starts etcd, or writes the static cluster file where etcd is not installed; the agents' arguments for either.</summary>
    private string[] StartEtcdOrWriteClusterFile()
    {
        if (useEtcd)
        {
            DemoSteps.Say("etcd, where the agents lease their subnets and learn the others'");
            steps.Require($"etcd ({EtcdServer.Binary}) serving {TestCluster.EtcdAddress}:{EtcdServer.ClientPort}", () =>
            {
                var etcd = cluster.StartEtcd();
                return $"in namespace {etcd.Host.Name}, on switch 1";
            });
            return [.. cluster.EtcdAgentArguments(ClusterCidr, leaseTtlSeconds: 10, reconcileSeconds: 2)];
        }

        DemoSteps.Say(EtcdServer.IsInstalled
            ? "A static cluster file for the agents (--static-cluster)"
            : $"A static cluster file for the agents: etcd is not installed ({EtcdServer.Binary} is missing; `./build.sh setup` installs it)");
        var file = Path.Combine(cluster.Nodes[0].Node.Directory, "cluster.json");
        steps.Require($"write the static cluster file {file}", () =>
        {
            File.WriteAllText(file, StaticClusterFile());
            return $"{NodeCount} nodes with name, address and subnet";
        });
        return ["--static-cluster", file, "--reconcile-seconds", "2"];
    }

    /// <summary>
    /// (Re)starts every node's agent with <paramref name="backend"/>, each stopped first (SIGTERM; on etcd without
    /// --release-on-exit, so the next one resumes its lease). The agent renders the conflist itself: with the old one
    /// deleted, the subnet read back is the new agent's, which must be the node's pod's.
    /// </summary>
    private void StartAgents(string verb, string[] common, string backend, string[]? extra = null)
    {
        string[] arguments = [.. common, "--backend", backend, .. extra ?? []];
        foreach (var node in cluster.Nodes)
        {
            steps.Require($"{node.Name}: {verb} humanz-cni agent --backend {backend}", () =>
            {
                node.StopAgents();
                File.Delete(node.ConflistPath);
                var agent = node.StartAgent(arguments);
                var subnet = node.WaitForSubnet(agent);
                return subnet == SubnetOf(node)
                    ? $"holds {subnet} (its pod's subnet), conflist rendered"
                    : throw new InvalidOperationException($"holds {subnet}, not its pod's subnet {SubnetOf(node)}");
            });
        }
    }

    /// <summary>
    /// A step per pair whose ping must get no reply (it passes when none comes). The pings run at once: each waits
    /// out its whole timeout (across the router no ICMP error comes back), so the demo waits one timeout, not one per pair.
    /// </summary>
    private void NoReplies(IEnumerable<(ClusterNode From, ClusterNode To)> pairs, string condition, Func<ClusterNode, ClusterNode, string> why)
    {
        var probes = pairs.Select(p => (p.From, p.To, Reply: Task.Run(() => NamespacePing.RoundTrip(p.From.Pods[0].Pod.Path, p.To.Pods[0].Address, NoReplyTimeout)))).ToList();
        foreach (var (from, to, reply) in probes)
        {
            var target = to.Pods[0];
            steps.Step($"pod on {from.Name} -> pod on {to.Name} ({target.Address}) fails {condition}", () =>
                reply.GetAwaiter().GetResult() is { } rtt
                    ? throw new InvalidOperationException($"a reply came back in {Ms(rtt)}")
                    : $"no reply within {NoReplyTimeout.TotalSeconds:0.#} s: {why(from, to)}");
        }
    }

    /// <summary>Whether <paramref name="node"/> routes <paramref name="peer"/>'s subnet via the peer's node address (host-gw).</summary>
    private static bool RoutesVia(ClusterNode node, ClusterNode peer) =>
        node.AgentRoutes().TryGetValue(SubnetOf(peer), out var via) && via == peer.Address;

    /// <summary>
    /// Whether <paramref name="node"/> reaches every other node through the overlay: `SUBNET via VTEP dev humanz.1 onlink`
    /// (a peer's VTEP address is its subnet's network address), a permanent neighbour for that VTEP, and an FDB entry
    /// sending its MAC to the peer's node address.
    /// </summary>
    private bool HasOverlayToTheOthers(ClusterNode node)
    {
        var state = BackendState.Read(node.Namespace);
        return cluster.Nodes.Where(n => n != node).All(peer =>
        {
            var vtep = SubnetOf(peer).Split('/')[0];
            var neighbour = state.Neighbours.FirstOrDefault(n => n.Address == vtep);
            return state.Routes.Contains(new AgentRoute(SubnetOf(peer), vtep, BackendState.VxlanDevice, OnLink: true))
                && neighbour is not null
                && state.Fdb.Contains(new OverlayFdbEntry(neighbour.Mac, peer.Address));
        });
    }

    private string StaticClusterFile()
    {
        var nodes = cluster.Nodes.Select(n => $$"""{"name": "{{n.Name}}", "address": "{{n.Address}}", "subnet": "{{SubnetOf(n)}}"}""");
        return $$"""{"nodes": [{{string.Join(", ", nodes)}}]}""";
    }

    /// <summary>Every ordered pair of distinct nodes.</summary>
    private IEnumerable<(ClusterNode From, ClusterNode To)> Pairs() =>
        cluster.Nodes.SelectMany(from => cluster.Nodes.Where(to => to != from).Select(to => (from, to)));

    private static string Ping(string namespacePath, string address) =>
        NamespacePing.RoundTrip(namespacePath, address) is { } rtt ? $"reply in {Ms(rtt)}" : throw new InvalidOperationException("no reply");

    private static string HttpFrom(ClusterPod client, ClusterPod server)
    {
        var reply = NamespaceHttp.Get(client.Pod, server.Address, HttpPort);
        return reply.Body == client.Address
            ? $"\"{reply.StatusLine}\", the server on {server.Node.Name} saw client {reply.Body}: the pod's own address, no NAT"
            : throw new InvalidOperationException($"\"{reply.StatusLine}\", but the server saw client {reply.Body}, not {client.Address}");
    }

    private static string Ms(TimeSpan elapsed) => $"{elapsed.TotalMilliseconds:0.000} ms";
}
