using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// One pod attachment on a fresh node, driven as a runtime drives it: ADD (optionally under a tracer), the runtime's
/// two DELs (with the namespace, then without, as containerd does), and a GC that names no valid attachment.
/// </summary>
public abstract class PodAttachment(TestNode node, TestNamespace pod, string containerId)
{
    protected const string Network = "hzt-kill";

    /// <summary>The runtime's capability arguments of the forms with ports and bandwidth: one TCP host port, limits both ways.</summary>
    protected static readonly string CapabilityArgs = new JsonObject
    {
        ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 18080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
        ["bandwidth"] = new JsonObject { ["ingressRate"] = 10_000_000, ["ingressBurst"] = 524_288, ["egressRate"] = 20_000_000, ["egressBurst"] = 524_288 },
    }.ToJsonString();

    public TestNode Node { get; } = node;

    public TestNamespace Pod { get; } = pod;

    public string ContainerId { get; } = containerId;

    /// <summary>The network's lease directory, whose writes the tracer counts.</summary>
    public string LeaseDirectory => Path.Combine(Node.DataDir, Network);

    /// <summary>The directories whose file writes the tracer counts: the lease directory and the result cache.</summary>
    public virtual string CountedDirectories => $"{LeaseDirectory}:{Node.CacheDir}";

    /// <summary>ADD; <paramref name="wrapper"/> (the tracer) goes in front of the plugin's command line.</summary>
    public abstract ProcessResult Add(IReadOnlyList<string>? wrapper = null);

    /// <summary>DEL with CNI_NETNS = <paramref name="netns"/> ("" as containerd's second DEL), optionally under a tracer.</summary>
    public abstract ProcessResult Del(string netns, IReadOnlyList<string>? wrapper = null);

    /// <summary>GC (spec 1.1.0) with no valid attachment.</summary>
    public abstract ProcessResult Gc();

    /// <summary>The capabilities humanz-cni declares to serve ports and bandwidth itself (the one-plugin form).</summary>
    protected static JsonObject BothCapabilities() => new() { ["portMappings"] = true, ["bandwidth"] = true };

    /// <summary>An attachment of a form with a host port and bandwidth limits.</summary>
    public static PodAttachment Of(PortsAndBandwidthForm form, TestNode node, TestNamespace pod, string containerId) =>
        form == PortsAndBandwidthForm.OnePlugin
            ? new PlainAttachment(node, pod, containerId, portsAndBandwidth: true)
            : new ListAttachment(node, pod, containerId, form);
}

/// <summary>
/// humanz-cni run directly with CNI_* variables and the config on stdin, as libcni runs it: alone, or with
/// <paramref name="portsAndBandwidth"/> declaring the portMappings and bandwidth capabilities (ipMasq on), as install
/// and the agent render it, with the runtime's mapping and limits in its runtimeConfig.
/// </summary>
public sealed class PlainAttachment(TestNode node, TestNamespace pod, string containerId, bool portsAndBandwidth = false) : PodAttachment(node, pod, containerId)
{
    private JsonObject Config(string cniVersion, bool withRuntimeConfig)
    {
        var config = Node.Config(cniVersion, Network);
        if (portsAndBandwidth)
        {
            config["ipMasq"] = true;
            config["capabilities"] = BothCapabilities();
            if (withRuntimeConfig)
            {
                config["runtimeConfig"] = JsonNode.Parse(CapabilityArgs);
            }
        }

        return config;
    }

    public override ProcessResult Add(IReadOnlyList<string>? wrapper = null) =>
        Node.Invoke("ADD", Config("1.0.0", withRuntimeConfig: true).ToJsonString(), ContainerId, Pod.Path, wrapper: wrapper);

    public override ProcessResult Del(string netns, IReadOnlyList<string>? wrapper = null) =>
        Node.Invoke("DEL", Config("1.0.0", withRuntimeConfig: true).ToJsonString(), ContainerId, netns, wrapper: wrapper);

    public override ProcessResult Gc()
    {
        var config = Config("1.1.0", withRuntimeConfig: false);
        config["cni.dev/valid-attachments"] = new JsonArray();
        return Node.Invoke("GC", config);
    }
}

/// <summary>The forms of humanz-cni serving one TCP host port and bandwidth limits both ways.</summary>
public enum PortsAndBandwidthForm
{
    /// <summary>humanz-cni (ipMasq) + humanz-portmap + humanz-bandwidth, CNI 1.1.0, through the chain runner.</summary>
    Chained,

    /// <summary>
    /// As <see cref="Chained"/> with the reference `tuning` plugin (a pod sysctl) second, exec'd from the CNI path; as
    /// the reference plugins speak at most CNI 1.0.0, that list is 1.0.0 and has no GC verb.
    /// </summary>
    ChainedWithExecBoundary,

    /// <summary>humanz-cni alone declaring the portMappings and bandwidth capabilities, exec'd directly as libcni does.</summary>
    OnePlugin,

    /// <summary>The same one plugin as a CNI 1.1.0 conflist through the chain runner, which also writes the result cache.</summary>
    OnePluginInChain,
}

/// <summary>
/// A conflist of a <see cref="PortsAndBandwidthForm"/> but <see cref="PortsAndBandwidthForm.OnePlugin"/>, run through
/// `humanz-cni chain`, which runs humanz-cni's plugins in its own process.
/// </summary>
public sealed class ListAttachment : PodAttachment
{
    private readonly PortsAndBandwidthForm _form;

    public ListAttachment(TestNode node, TestNamespace pod, string containerId, PortsAndBandwidthForm form)
        : base(node, pod, containerId)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(form, PortsAndBandwidthForm.OnePlugin); // not a list: a PlainAttachment
        _form = form;
        var version = form == PortsAndBandwidthForm.ChainedWithExecBoundary ? "1.0.0" : "1.1.0";
        node.WriteConflist(Network, version, Plugins(node, version, form));
    }

    /// <summary>With the exec boundary, sysctl writes too: tuning's one state change is a write under /proc/sys.</summary>
    public override string CountedDirectories => _form == PortsAndBandwidthForm.ChainedWithExecBoundary ? $"{base.CountedDirectories}:/proc/sys" : base.CountedDirectories;

    public override ProcessResult Add(IReadOnlyList<string>? wrapper = null) => Run("add", Pod.Path, wrapper);

    public override ProcessResult Del(string netns, IReadOnlyList<string>? wrapper = null) => Run("del", netns, wrapper);

    private static JsonObject[] Plugins(TestNode node, string version, PortsAndBandwidthForm form)
    {
        var main = node.Config(version, Network);
        main["ipMasq"] = true;
        if (form == PortsAndBandwidthForm.OnePluginInChain)
        {
            main["capabilities"] = BothCapabilities();
            return [main];
        }

        JsonObject[] tuning = form == PortsAndBandwidthForm.ChainedWithExecBoundary ? [new JsonObject { ["type"] = "tuning", ["sysctl"] = new JsonObject { ["net.core.somaxconn"] = "512" } }] : [];
        return
        [
            main,
            .. tuning,
            new JsonObject { ["type"] = "humanz-portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["logFile"] = node.LogFile },
            new JsonObject { ["type"] = "humanz-bandwidth", ["capabilities"] = new JsonObject { ["bandwidth"] = true }, ["logFile"] = node.LogFile },
        ];
    }

    private ProcessResult Run(string verb, string netns, IReadOnlyList<string>? wrapper)
    {
        var args = Node.ChainArguments(verb, Network, netns, ContainerId, capabilityArgs: CapabilityArgs).ToList();
        // After "netns exec NODE": the tracer runs inside the node namespace with the runner as its command.
        args.InsertRange(3, wrapper ?? []);
        return ProcessRunner.Run("ip", args);
    }

    public override ProcessResult Gc() =>
        ProcessRunner.Run("ip", ["netns", "exec", Node.Namespace.Name, PluginBinary.Path, "chain", "gc", Network,
            "--conf-dir", Node.ConfDir, "--cache-dir", Node.CacheDir, "--cni-path", $"{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}"]);
}
