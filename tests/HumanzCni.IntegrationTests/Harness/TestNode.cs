using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Netlink;

namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// A node for one test: a throwaway network namespace in which the plugin (and cnictl) run, so the
/// bridge, veths and routes it makes live there and never touch the machine's own networking; plus a
/// temp directory for the node's conf dir, lease store, result cache and log. Pods are further
/// namespaces from <see cref="CreatePod"/>. Dispose removes all of it, whatever the test did.
/// </summary>
public sealed class TestNode : IDisposable
{
    private readonly List<TestNamespace> _pods = [];

    public TestNode(string prefix = "hzt")
    {
        Namespace = TestNamespace.Create($"{prefix}-node");
        Directory = System.IO.Directory.CreateTempSubdirectory("hzt-node-").FullName;
        System.IO.Directory.CreateDirectory(ConfDir);
    }

    public TestNamespace Namespace { get; }

    public string Directory { get; }

    public string ConfDir => Path.Combine(Directory, "net.d");

    public string DataDir => Path.Combine(Directory, "leases");

    public string CacheDir => Path.Combine(Directory, "cache");

    public string LogFile => Path.Combine(Directory, "humanz_cni.log");

    public TestNamespace CreatePod(string prefix = "hzt-pod")
    {
        var pod = TestNamespace.Create(prefix);
        _pods.Add(pod);
        return pod;
    }

    /// <summary>
    /// A humanz-cni network config for this node: the given fields on top of a name, type, bridge,
    /// subnet and this node's lease store and log file.
    /// </summary>
    public JsonObject Config(string cniVersion = "1.0.0", string name = "hzt-net", string subnet = "100.100.1.0/24", string bridge = "humanz-cni0")
    {
        return new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = name,
            ["type"] = "humanz-cni",
            ["bridge"] = bridge,
            ["subnet"] = subnet,
            ["logFile"] = LogFile,
            ["ipam"] = new JsonObject { ["dataDir"] = DataDir },
        };
    }

    /// <summary>Writes a conflist with the given plugins into the conf dir, for cnictl.</summary>
    public void WriteConflist(string name, string cniVersion, params JsonObject[] plugins)
    {
        var list = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = name,
            ["plugins"] = new JsonArray(plugins.Select(p => (JsonNode)p.DeepClone()).ToArray()),
        };
        File.WriteAllText(Path.Combine(ConfDir, $"{name}.conflist"), list.ToJsonString());
    }

    /// <summary>
    /// Runs the plugin binary (or <paramref name="plugin"/>, e.g. a link to it) inside the node namespace exactly
    /// as a runtime does: CNI_* variables and the config on stdin.
    /// </summary>
    public ProcessResult Invoke(string command, string config, string containerId = "", string netns = "", string ifName = "eth0", string? cniArgs = null, string? plugin = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = containerId,
            ["CNI_NETNS"] = netns,
            ["CNI_IFNAME"] = ifName,
            ["CNI_PATH"] = PluginBinary.Directory,
        };
        if (cniArgs is not null)
        {
            environment["CNI_ARGS"] = cniArgs;
        }

        return ProcessRunner.Run("ip", ["netns", "exec", Namespace.Name, plugin ?? PluginBinary.Path], environment, config);
    }

    /// <summary>`cnictl VERB NET NETNS CONTAINERID IFNAME` inside the node namespace, against this node's conf dir.</summary>
    public ProcessResult Cnictl(string verb, string network, string netns, string containerId, string ifName = "eth0", string? capabilityArgs = null, string? cniArgs = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["NETCONFPATH"] = ConfDir,
            ["CNI_PATH"] = $"{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}",
            ["CNI_CACHE_DIR"] = CacheDir,
        };
        if (capabilityArgs is not null)
        {
            environment["CAP_ARGS"] = capabilityArgs;
        }

        if (cniArgs is not null)
        {
            environment["ARGS"] = cniArgs;
        }

        return ProcessRunner.Run("ip", ["netns", "exec", Namespace.Name, "cnictl", verb, network, netns, containerId, ifName], environment);
    }

    /// <summary>
    /// `humanz-cni chain VERB NET NETNS CONTAINERID IFNAME` inside the node namespace, against this node's conf dir
    /// and cache, with the same CNI path as <see cref="Cnictl"/> unless <paramref name="cniPath"/> is given.
    /// </summary>
    public ProcessResult Chain(string verb, string network, string netns, string containerId, string ifName = "eth0", string? capabilityArgs = null, string? cniArgs = null, string? cniPath = null) =>
        ProcessRunner.Run("ip", ChainArguments(verb, network, netns, containerId, ifName, capabilityArgs, cniArgs, cniPath));

    /// <summary>The `ip netns exec NODE humanz-cni chain ...` command line, for tests that start and stop the runner themselves.</summary>
    public IReadOnlyList<string> ChainArguments(string verb, string network, string netns, string containerId, string ifName = "eth0", string? capabilityArgs = null, string? cniArgs = null, string? cniPath = null)
    {
        List<string> args =
        [
            "netns", "exec", Namespace.Name, PluginBinary.Path, "chain", verb, network, netns, containerId, ifName,
            "--conf-dir", ConfDir, "--cache-dir", CacheDir,
            "--cni-path", cniPath ?? $"{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}",
        ];
        if (capabilityArgs is not null)
        {
            args.AddRange(["--cap-args", capabilityArgs]);
        }

        if (cniArgs is not null)
        {
            args.AddRange(["--args", cniArgs]);
        }

        return args;
    }

    /// <summary>Files in the result cache (libcni's and the chain runner's), by name.</summary>
    public IReadOnlyList<string> CacheEntries()
    {
        var dir = Path.Combine(CacheDir, "results");
        return System.IO.Directory.Exists(dir) ? System.IO.Directory.GetFiles(dir).Select(Path.GetFileName).Select(f => f!).ToList() : [];
    }

    /// <summary>The lease files (addresses) currently in the network's lease directory.</summary>
    public IReadOnlyList<string> Leases(string network = "hzt-net")
    {
        var dir = Path.Combine(DataDir, network);
        return System.IO.Directory.Exists(dir)
            ? System.IO.Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => f is not null && System.Net.IPAddress.TryParse(f, out _)).Select(f => f!).ToList()
            : [];
    }

    public void Dispose()
    {
        foreach (var pod in _pods)
        {
            pod.Dispose();
        }

        Namespace.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
