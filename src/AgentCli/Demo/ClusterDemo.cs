using HumanzCni.Testbed;

namespace HumanzCni.AgentCli.Demo;

/// <summary>
/// The demo's play on a <see cref="TestCluster"/>: three nodes, each given its own pod subnet by hand and a
/// pod, shown unable to reach each other (no routes between nodes); then the agents (on etcd, or on a static
/// cluster file without it) route every node to the others' subnets, and ping and HTTP across nodes work,
/// with the server seeing the client pod's own address. Ends with a table of nodes, subnets, pods, routes.
/// </summary>
internal sealed class ClusterDemo(TestCluster cluster, DemoSteps steps, bool useEtcd)
{
    public const int NodeCount = 3;
    private const string ClusterCidr = "100.100.0.0/16";
    private const int HttpPort = 8080;
    private static readonly TimeSpan NoRouteTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    public void Play()
    {
        for (var i = 1; i <= NodeCount; i++)
        {
            steps.Require($"node{i}", () =>
            {
                var node = cluster.AddNode();
                return $"namespace {node.Namespace.Name}, eth1 {node.Address}/24 on the switch";
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

        foreach (var (from, to) in Pairs().Where(p => p.To.Index == (p.From.Index % NodeCount) + 1))
        {
            var target = to.Pods[0];
            steps.Step($"pod on {from.Name} -> pod on {to.Name} ({target.Address}) fails without routes", () =>
                NamespacePing.RoundTrip(from.Pods[0].Pod.Path, target.Address, NoRouteTimeout) is { } rtt
                    ? throw new InvalidOperationException($"a reply came back in {Ms(rtt)} although {from.Name} has no route to {SubnetOf(to)}")
                    : $"no reply within {NoRouteTimeout.TotalSeconds:0} s: {from.Name} has no route to {SubnetOf(to)}");
        }

        DemoSteps.Say("");
        StartAgents();

        DemoSteps.Say("");
        DemoSteps.Say("Across nodes now");
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

    private void StartAgents()
    {
        string[] agentArguments;
        if (useEtcd)
        {
            DemoSteps.Say("The agents, on etcd: each leases its subnet, publishes its address and routes to every other node's subnet");
            steps.Require($"etcd ({EtcdServer.Binary}) serving {TestCluster.EtcdAddress}:{EtcdServer.ClientPort}", () =>
            {
                var etcd = cluster.StartEtcd();
                return $"in namespace {etcd.Host.Name}, on the switch";
            });
            agentArguments = [.. cluster.EtcdAgentArguments(ClusterCidr, leaseTtlSeconds: 10, reconcileSeconds: 2), "--release-on-exit"];
        }
        else
        {
            DemoSteps.Say($"The agents, on a static cluster file: etcd is not installed ({EtcdServer.Binary} is missing; `./build.sh setup` installs it)");
            var file = Path.Combine(cluster.Nodes[0].Node.Directory, "cluster.json");
            steps.Require($"write the static cluster file {file}", () =>
            {
                File.WriteAllText(file, StaticClusterFile());
                return $"{NodeCount} nodes with name, address and subnet";
            });
            agentArguments = ["--static-cluster", file, "--reconcile-seconds", "2"];
        }

        foreach (var node in cluster.Nodes)
        {
            steps.Require($"{node.Name}: start humanz-cni agent", () =>
            {
                // The agent renders the conflist itself: without the installed one, the subnet read back is the agent's.
                File.Delete(node.ConflistPath);
                var agent = node.StartAgent(agentArguments);
                var subnet = node.WaitForSubnet(agent);
                return subnet == SubnetOf(node)
                    ? $"holds {subnet} (its pod's subnet), conflist rendered"
                    : throw new InvalidOperationException($"holds {subnet}, not its pod's subnet {SubnetOf(node)}");
            });
        }

        steps.Require("every node routes to every other node's subnet via that node's address", () =>
        {
            Eventually.True(() => cluster.Nodes.All(HasRoutesToTheOthers), Converge, () => "routes did not converge", steps.Interrupted);
            return string.Join("; ", cluster.Nodes.Select(n => $"{n.Name} {n.AgentRoutes().Count} routes"));
        });
    }

    private bool HasRoutesToTheOthers(ClusterNode node)
    {
        var routes = node.AgentRoutes();
        return cluster.Nodes.Where(n => n != node).All(n => routes.TryGetValue(SubnetOf(n), out var via) && via == n.Address);
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
