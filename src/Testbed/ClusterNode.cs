using System.Net.Sockets;
using System.Text.Json;
using HumanzCni.Netlink;

namespace HumanzCni.Testbed;

/// <summary>
/// One node of a <see cref="TestCluster"/>: a <see cref="TestNode"/> (namespace, conf dir, lease store)
/// wired to the underlay through `eth1` with <see cref="Address"/>/24 and <see cref="Address6"/>/64; agents run inside it as
/// processes of the published binary, pods attach through the conflist the agent (or install) rendered,
/// with the chain runner acting as the runtime.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    /// <summary>The route protocol the agent stamps on its routes.</summary>
    public const int AgentProtocol = RouteProtocol.HumanzAgent;

    /// <summary>The underlay interface inside every node.</summary>
    public const string UnderlayInterface = "eth1";

    public const string NetworkName = "humanz-cni";

    private readonly List<BackgroundProcess> _agents = [];
    private readonly List<ClusterPod> _pods = [];
    private int _podsAdded;
    private string _cniPath = PluginBinary.Directory;

    internal ClusterNode(string name, int index, string address, string address6, TestNode node)
    {
        Name = name;
        Index = index;
        Address = address;
        Address6 = address6;
        Node = node;
    }

    public string Name { get; }

    /// <summary>1-based position in the cluster; the underlay address is 200.0.S.(10 × index), S the node's segment.</summary>
    public int Index { get; }

    /// <summary>The IPv4 underlay address, e.g. 200.0.0.10.</summary>
    public string Address { get; }

    /// <summary>The IPv6 underlay address, e.g. fd00:200::10.</summary>
    public string Address6 { get; }

    public TestNode Node { get; }

    public TestNamespace Namespace => Node.Namespace;

    public string ConflistPath => Path.Combine(Node.ConfDir, "10-humanz-cni.conflist");

    public string AgentLog => Path.Combine(Node.Directory, "agent.log");

    /// <summary>The CNI bin dir <see cref="Install"/> fills.</summary>
    public string BinDir => Path.Combine(Node.Directory, "bin");

    /// <summary>The pods attached and not yet deleted.</summary>
    public IReadOnlyList<ClusterPod> Pods => _pods;

    /// <summary>Where the rendered conflist points the plugin: conf dir, lease store and plugin log in the node's temp dir (never the machine's).</summary>
    public IReadOnlyList<string> ConflistArguments =>
        ["--conf-dir", Node.ConfDir, "--ipam-data-dir", Node.DataDir, "--plugin-log-file", Node.LogFile];

    /// <summary>The options pointing the agent at this node: name, underlay interface, conflist settings and its own log file.</summary>
    public IReadOnlyList<string> NodeArguments =>
        ["--node-name", Name, "--node-interface", UnderlayInterface, .. ConflistArguments, "--log-file", AgentLog];

    /// <summary>Starts `humanz-cni agent NODE-ARGS ARGS...` inside the node; stopped or killed by Dispose at the latest.</summary>
    public BackgroundProcess StartAgent(params string[] args)
    {
        var agent = BackgroundProcess.Start("ip", ["netns", "exec", Namespace.Name, PluginBinary.Path, "agent", .. NodeArguments, .. args]);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Stops (SIGTERM) every agent still running on this node.</summary>
    public void StopAgents()
    {
        foreach (var agent in _agents.Where(a => !a.HasExited))
        {
            agent.Stop();
        }
    }

    /// <summary>Kills (SIGKILL) every agent still running on this node: no clean-up of its own, its lease left to expire.</summary>
    public void KillAgents()
    {
        foreach (var agent in _agents.Where(a => !a.HasExited))
        {
            agent.Signal(HumanzCni.Native.Interop.SIGKILL);
            _ = agent.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// `humanz-cni install --subnet SUBNET` into the node's own bin and conf dirs, as a DaemonSet's installer
    /// does; from then on pods are attached with the installed copy.
    /// </summary>
    public void Install(string subnet)
    {
        RunBinary(["install", "--bin-dir", BinDir, "--subnet", subnet, .. ConflistArguments]).EnsureSuccess($"humanz-cni install on {Name}");
        _cniPath = BinDir;
    }

    /// <summary>Runs `humanz-cni ARGS...` inside the node to completion (agent --once, install).</summary>
    public ProcessResult RunBinary(params string[] args) =>
        ProcessRunner.Run("ip", ["netns", "exec", Namespace.Name, PluginBinary.Path, .. args], timeout: TimeSpan.FromSeconds(30));

    /// <summary>The subnet in this node's rendered conflist, or null while there is none.</summary>
    public string? ConflistSubnet()
    {
        if (!File.Exists(ConflistPath))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(ConflistPath));
        return document.RootElement.GetProperty("plugins")[0].GetProperty("subnet").GetString();
    }

    /// <summary>
    /// The subnets in this node's rendered conflist: its `subnet`, or a dual-stack conflist's `ipam.ranges` (one per
    /// family); empty while there is none.
    /// </summary>
    public IReadOnlyList<string> ConflistSubnets()
    {
        if (!File.Exists(ConflistPath))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(ConflistPath));
        var plugin = document.RootElement.GetProperty("plugins")[0];
        if (plugin.TryGetProperty("subnet", out var subnet))
        {
            return [subnet.GetString()!];
        }

        return plugin.TryGetProperty("ipam", out var ipam) && ipam.TryGetProperty("ranges", out var ranges)
            ? ranges.EnumerateArray().Select(set => set[0].GetProperty("subnet").GetString()!).ToList()
            : [];
    }

    /// <summary>Waits for the agent's conflist and returns its subnet.</summary>
    public string WaitForSubnet(BackgroundProcess? agent = null) =>
        Eventually.Value(ConflistSubnet, TimeSpan.FromSeconds(30), () => $"{Name} has no conflist. Agent output:\n{agent?.Output}");

    /// <summary>The agent's routes in the node: destination -> gateway (`ip route show proto 0x69`).</summary>
    public IReadOnlyDictionary<string, string> AgentRoutes() => RoutesWithProtocol(RouteProtocol.HumanzAgent);

    /// <summary>The agent's IPv6 routes in the node: destination -> gateway (`ip -6 route show proto 0x69`).</summary>
    public IReadOnlyDictionary<string, string> AgentRoutes6() => RoutesWithProtocol(RouteProtocol.HumanzAgent, AddressFamily.InterNetworkV6);

    /// <summary>Routes of one protocol (RouteProtocol.*) and family (IPv4 by default) in the node's main table: "DST/LEN" -> gateway ("" when direct).</summary>
    public IReadOnlyDictionary<string, string> RoutesWithProtocol(byte protocol, AddressFamily family = AddressFamily.InterNetwork) =>
        Namespace.Run(netlink => netlink.ListRoutes(family))
            .Where(r => r.Protocol == protocol)
            .ToDictionary(r => $"{r.Destination}/{r.PrefixLength}", r => r.Gateway?.ToString() ?? "");

    /// <summary>A pod in a namespace of its own, attached (`humanz-cni chain add`) through this node's conflist.</summary>
    public ClusterPod AddPod()
    {
        var pod = Node.CreatePod();
        var containerId = $"{Name}-pod{++_podsAdded}";
        var result = Node.Chain("add", NetworkName, pod.Path, containerId, cniPath: _cniPath);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chain add on {Name} failed: {result.StandardOutput}{result.StandardError}");
        }

        var json = result.Json();
        var ipv4 = CniResults.TryPodAddress(json);
        var ipv6 = CniResults.TryPodAddress(json, ipv6: true);
        var added = ipv4 is null ? new ClusterPod(this, pod, ipv6!, containerId) : new ClusterPod(this, pod, ipv4, containerId, ipv6);
        _pods.Add(added);
        return added;
    }

    /// <summary>DEL of a pod <see cref="AddPod"/> attached (`humanz-cni chain del`); its namespace goes with the node.</summary>
    public void DeletePod(ClusterPod pod)
    {
        Node.Chain("del", NetworkName, pod.Pod.Path, pod.ContainerId, cniPath: _cniPath).EnsureSuccess($"chain del {pod.ContainerId} on {Name}");
        _pods.Remove(pod);
    }

    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        Node.Dispose();
    }
}
