namespace HumanzCni.Testbed;

/// <summary>
/// A node for one test or the demo: a throwaway network namespace in which the plugin runs, so the
/// bridge, veths and routes it makes live there and never touch the machine's own networking; plus a
/// temp directory (/tmp/PREFIX-node-*) for the node's conf dir, lease store, result cache and log. Pods
/// are further namespaces from <see cref="CreatePod"/>. Dispose removes all of it, whatever happened.
/// </summary>
public sealed class TestNode : IDisposable
{
    private readonly List<TestNamespace> _pods = [];
    private readonly string _prefix;

    public TestNode(string prefix = "hzt")
    {
        _prefix = prefix;
        Namespace = TestNamespace.Create($"{prefix}-node");
        Directory = System.IO.Directory.CreateTempSubdirectory($"{prefix}-node-").FullName;
        System.IO.Directory.CreateDirectory(ConfDir);
    }

    public TestNamespace Namespace { get; }

    public string Directory { get; }

    public string ConfDir => Path.Combine(Directory, "net.d");

    public string DataDir => Path.Combine(Directory, "leases");

    public string CacheDir => Path.Combine(Directory, "cache");

    public string LogFile => Path.Combine(Directory, "humanz_cni.log");

    /// <summary>A pod namespace, named PREFIX-pod-* after the node's prefix unless given.</summary>
    public TestNamespace CreatePod(string? prefix = null)
    {
        var pod = TestNamespace.Create(prefix ?? $"{_prefix}-pod");
        _pods.Add(pod);
        return pod;
    }

    /// <summary>
    /// Runs the plugin binary (or <paramref name="plugin"/>, e.g. a link to it) inside the node namespace exactly
    /// as a runtime does: CNI_* variables and the config on stdin. <paramref name="wrapper"/> (e.g. a tracer and its
    /// arguments) goes in front of the plugin on the command line.
    /// </summary>
    public ProcessResult Invoke(string command, string config, string containerId = "", string netns = "", string ifName = "eth0", string? cniArgs = null, string? plugin = null, IReadOnlyList<string>? wrapper = null)
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

        return ProcessRunner.Run("ip", ["netns", "exec", Namespace.Name, .. wrapper ?? [], plugin ?? PluginBinary.Path], environment, config);
    }

    /// <summary>
    /// `humanz-cni chain VERB NET NETNS CONTAINERID IFNAME` inside the node namespace, against this node's conf dir
    /// and cache, with our binaries and the reference plugins as CNI path unless <paramref name="cniPath"/> is given.
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
