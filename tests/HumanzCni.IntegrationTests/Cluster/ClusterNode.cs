using System.Text.Json;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.IntegrationTests.Netlink;

namespace HumanzCni.IntegrationTests.Cluster;

/// <summary>
/// One node of a <see cref="TestCluster"/>: a <see cref="TestNode"/> (namespace, conf dir, lease store)
/// wired to the underlay switch through `eth1` with <see cref="Address"/>/24; agents run inside it as
/// processes of the published binary, pods attach through the conflist the agent (or install) rendered.
/// </summary>
public sealed class ClusterNode : IDisposable
{
    /// <summary>The route protocol the agent stamps on its routes (RouteProtocol.HumanzAgent).</summary>
    public const int AgentProtocol = 0x69;

    /// <summary>The underlay interface inside every node.</summary>
    public const string UnderlayInterface = "eth1";

    public const string NetworkName = "humanz-cni";

    private readonly List<BackgroundProcess> _agents = [];
    private int _pods;

    internal ClusterNode(string name, int index, string address, TestNode node)
    {
        Name = name;
        Index = index;
        Address = address;
        Node = node;
    }

    public string Name { get; }

    /// <summary>1-based position in the cluster; the underlay address is 200.0.0.(10 × index).</summary>
    public int Index { get; }

    public string Address { get; }

    public TestNode Node { get; }

    public TestNamespace Namespace => Node.Namespace;

    public string ConflistPath => Path.Combine(Node.ConfDir, "10-humanz-cni.conflist");

    public string AgentLog => Path.Combine(Node.Directory, "agent.log");

    /// <summary>
    /// The options pointing the agent at this node: name, underlay interface, conf dir, and the plugin's log and
    /// lease store in the node's temp dir (never the machine's).
    /// </summary>
    public IReadOnlyList<string> NodeArguments =>
    [
        "--node-name", Name, "--node-interface", UnderlayInterface, "--conf-dir", Node.ConfDir,
        "--ipam-data-dir", Node.DataDir, "--plugin-log-file", Node.LogFile, "--log-file", AgentLog,
    ];

    /// <summary>Starts `humanz-cni agent NODE-ARGS ARGS...` inside the node; stopped or killed by Dispose at the latest.</summary>
    public BackgroundProcess StartAgent(params string[] args)
    {
        var agent = BackgroundProcess.Start("ip", ["netns", "exec", Namespace.Name, PluginBinary.Path, "agent", .. NodeArguments, .. args]);
        _agents.Add(agent);
        return agent;
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

    /// <summary>Waits for the agent's conflist and returns its subnet.</summary>
    public string WaitForSubnet(BackgroundProcess? agent = null) =>
        Eventually.Value(ConflistSubnet, TimeSpan.FromSeconds(30), () => $"{Name} has no conflist. Agent output:\n{agent?.Output}");

    /// <summary>The agent's routes in the node: destination -> gateway (`ip route show proto 0x69`).</summary>
    public IReadOnlyDictionary<string, string> AgentRoutes() => RoutesWithProtocol(AgentProtocol.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Routes of one protocol (number or name, e.g. "static"): destination -> gateway.</summary>
    public IReadOnlyDictionary<string, string> RoutesWithProtocol(string protocol) =>
        Namespace.IpJson("route", "show", "proto", protocol).EnumerateArray()
            .ToDictionary(r => r.GetProperty("dst").GetString()!, r => r.TryGetProperty("gateway", out var gw) ? gw.GetString()! : "");

    /// <summary>A pod in a namespace of its own, attached by cnictl through this node's conflist; returns it with its address.</summary>
    public (TestNamespace Pod, string Address) AddPod()
    {
        var pod = Node.CreatePod("hzc-pod");
        var containerId = $"{Name}-pod{++_pods}";
        var result = Node.Cnictl("add", NetworkName, pod.Path, containerId);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"cnictl add on {Name} failed: {result.StandardOutput}{result.StandardError}");
        }

        return (pod, PluginChecks.PodAddress(result.Json()));
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
