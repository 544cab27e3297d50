using System.Text.Json.Nodes;

namespace HumanzCni.IntegrationTests.Harness;

/// <summary>What only the plugin tests do with a <see cref="TestNode"/>: hand-written configs, cnictl, and looks into its lease store and result cache.</summary>
public static class TestNodeFiles
{
    /// <summary>
    /// A humanz-cni network config for this node: the given fields on top of a name, type, bridge,
    /// subnet and this node's lease store and log file.
    /// </summary>
    public static JsonObject Config(this TestNode node, string cniVersion = "1.0.0", string name = "hzt-net", string subnet = "100.100.1.0/24", string bridge = "humanz-cni0")
    {
        return new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = name,
            ["type"] = "humanz-cni",
            ["bridge"] = bridge,
            ["subnet"] = subnet,
            ["logFile"] = node.LogFile,
            ["ipam"] = new JsonObject { ["dataDir"] = node.DataDir },
        };
    }

    /// <summary>Writes a conflist with the given plugins into the conf dir, for cnictl.</summary>
    public static void WriteConflist(this TestNode node, string name, string cniVersion, params JsonObject[] plugins)
    {
        var list = new JsonObject
        {
            ["cniVersion"] = cniVersion,
            ["name"] = name,
            ["plugins"] = new JsonArray(plugins.Select(p => p.DeepClone()).ToArray()),
        };
        File.WriteAllText(Path.Combine(node.ConfDir, $"{name}.conflist"), list.ToJsonString());
    }

    /// <summary>Files in the result cache (libcni's and the chain runner's), by name.</summary>
    public static IReadOnlyList<string> CacheEntries(this TestNode node)
    {
        var dir = Path.Combine(node.CacheDir, "results");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Select(Path.GetFileName).Select(f => f!).ToList() : [];
    }

    /// <summary>The lease files (addresses) currently in the network's lease directory.</summary>
    public static IReadOnlyList<string> Leases(this TestNode node, string network = "hzt-net")
    {
        var dir = Path.Combine(node.DataDir, network);
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => f is not null && System.Net.IPAddress.TryParse(f, out _)).Select(f => f!).ToList()
            : [];
    }

    /// <summary>
    /// `cnictl VERB NET NETNS CONTAINERID IFNAME` inside the node namespace, against this node's conf dir, with our
    /// binaries before the reference plugins as CNI path unless <paramref name="cniPath"/> is given.
    /// </summary>
    public static ProcessResult Cnictl(this TestNode node, string verb, string network, string netns, string containerId, string ifName = "eth0", string? capabilityArgs = null, string? cniArgs = null, string? cniPath = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["NETCONFPATH"] = node.ConfDir,
            ["CNI_PATH"] = cniPath ?? $"{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}",
            ["CNI_CACHE_DIR"] = node.CacheDir,
        };
        if (capabilityArgs is not null)
        {
            environment["CAP_ARGS"] = capabilityArgs;
        }

        if (cniArgs is not null)
        {
            environment["ARGS"] = cniArgs;
        }

        return ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "cnictl", verb, network, netns, containerId, ifName], environment);
    }
}
