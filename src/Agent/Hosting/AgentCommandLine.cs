using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Kubernetes;
using HumanzCni.Agent.Subnets;
using HumanzCni.CommandLine;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// `humanz-cni agent`'s command line: its options, the checks that span several of them, and how a parse
/// becomes <see cref="AgentOptions"/>. To add an option: a field here, listed in the constructor, read in
/// <see cref="Read"/>.
/// </summary>
internal sealed class AgentCommandLine
{
    private const string HostGw = "host-gw";
    private const string Vxlan = "vxlan";

    private readonly Option<string> _nodeName = new("--node-name")
    {
        HelpName = "NAME",
        Description = "this node's name in the cluster (the host name by default)",
        DefaultValueFactory = _ => Environment.MachineName,
    };

    private readonly Option<IReadOnlyList<IPAddress>> _nodeAddress = OptionValues.Addresses("--node-address", "etcd: the underlay address other nodes route via, one per family of --cluster-cidr (or --node-interface)");
    private readonly Option<string?> _nodeInterface = new("--node-interface") { HelpName = "NAME", Description = "etcd: the interface to read the underlay address from (or --node-address)" };
    private readonly Option<IReadOnlyList<Uri>> _etcd = OptionValues.HttpUrls("--etcd", "http://200.0.0.2:2379", "etcd: client URLs, comma separated, tried in order");
    private readonly Option<IReadOnlyList<IPNetwork>> _clusterCidr = OptionValues.Cidrs("--cluster-cidr", "100.100.0.0/16", "etcd: the cluster's pod range, e.g. 100.100.0.0/16; dual-stack: an IPv4 and an IPv6 range, e.g. 100.100.0.0/16,fd00:100::/48");
    private readonly Option<IReadOnlyList<int>> _subnetSize = OptionValues.IntsInRange("--subnet-size", "24,64", 1, 128, "etcd: the prefix length of each node's subnet, one per --cluster-cidr range [default: 24 for IPv4, 64 for IPv6]");
    private readonly Option<int> _leaseTtlSeconds = OptionValues.IntInRange("--lease-ttl-seconds", 30, 2, 86400, "etcd: the subnet lease's TTL");
    private readonly Option<bool> _releaseOnExit = new("--release-on-exit") { Description = "etcd: revoke the lease on SIGTERM, so the other nodes drop their route at once" };
    private readonly Option<string?> _staticCluster = new("--static-cluster") { HelpName = "FILE.json", Description = "static mode: read the cluster's nodes and subnets from this file instead of etcd" };
    private readonly Option<bool> _once = new("--once") { Description = "static mode: apply the file once and exit" };
    private readonly Option<int> _reconcileSeconds = OptionValues.IntInRange("--reconcile-seconds", 10, 1, 3600, "period of the drift repair (static mode: of re-reading the file)");
    private readonly Option<string?> _logFile = new("--log-file") { HelpName = "PATH", Description = "log here too, besides stderr" };
    private readonly Option<string?> _logLevel = new Option<string?>("--log-level")
    {
        HelpName = "LEVEL",
        Description = "the least severe entries logged [default: Information]",
    }.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, Enum.GetNames<LogLevel>());

    private readonly Option<string?> _kubeconfig = new("--kubeconfig")
    {
        HelpName = "FILE",
        Description = "kubernetes mode: take the subnets from the Nodes' podCIDRs, reaching the API server with this kubeconfig "
            + "(in a pod, with no --kubeconfig, --etcd or --static-cluster: its service account)",
    };

    private readonly Option<IPEndPoint?> _healthAddress = OptionValues.Endpoint("--health-address", "serve /healthz and /metrics here, e.g. 127.0.0.1:9101 (default: off)");

    private readonly Option<string> _backend = new Option<string>("--backend")
    {
        HelpName = "host-gw|vxlan",
        Description = "how pods reach other nodes' pods: host-gw routes via the nodes (all on one link), or a VXLAN overlay (across routers)",
        DefaultValueFactory = _ => HostGw,
    }.AcceptOnlyFromAmong(HostGw, Vxlan);

    private readonly Option<int> _vxlanVni = OptionValues.IntInRange("--vxlan-vni", 1, 1, 16777215, "vxlan: the VXLAN network identifier (device humanz.VNI), the same on every node");
    private readonly Option<int> _vxlanPort = OptionValues.IntInRange("--vxlan-port", 8472, 1, 65535, "vxlan: the UDP port, the same on every node");
    private readonly Option<bool> _directRouting = new("--direct-routing") { Description = "vxlan: plain routes to the nodes on this node's own underlay subnet, VXLAN only to the others" };

    private readonly ConflistCommandLine _conflist = new();

    private readonly Func<string, string?> _getVariable;

    /// <param name="getVariable">The environment (KUBERNETES_SERVICE_HOST/_PORT choose in-cluster mode); the process's by default.</param>
    public AgentCommandLine(Func<string, string?>? getVariable = null)
    {
        _getVariable = getVariable ?? Environment.GetEnvironmentVariable;
        Command = new Command("agent", "node agent: lease a pod subnet in etcd (or read a static cluster file, or the Nodes' podCIDRs from Kubernetes), route to the other nodes' subnets, render this node's conflist")
        {
            _nodeName, _nodeAddress, _nodeInterface, _etcd, _clusterCidr, _subnetSize, _leaseTtlSeconds, _releaseOnExit,
            _staticCluster, _once, _kubeconfig, _reconcileSeconds, _logFile, _logLevel, _healthAddress,
            _backend, _vxlanVni, _vxlanPort, _directRouting,
        };
        _conflist.AddTo(Command);
        Command.Validators.Add(CheckMode);
    }

    /// <summary>`agent` with its options and checks, without an action: the caller sets what runs.</summary>
    public Command Command { get; }

    /// <summary>Parses the arguments after `agent`: the options, or why they cannot be run.</summary>
    public static (AgentOptions? Options, IReadOnlyList<string> Errors) Parse(params string[] args) => Parse(Environment.GetEnvironmentVariable, args);

    /// <summary>Parses the arguments after `agent` as a process with the environment <paramref name="getVariable"/> would.</summary>
    public static (AgentOptions? Options, IReadOnlyList<string> Errors) Parse(Func<string, string?> getVariable, params string[] args)
    {
        var commandLine = new AgentCommandLine(getVariable);
        return commandLine.Command.Parse(args).Read(commandLine.Read);
    }

    /// <summary>The options of a parse without errors.</summary>
    public AgentOptions Read(ParseResult result)
    {
        var ranges = ClusterRanges(result.GetRequiredValue(_clusterCidr), result.GetRequiredValue(_subnetSize));
        var kubeconfig = result.GetValue(_kubeconfig);
        var conflist = _conflist.Read(result);
        return new AgentOptions
        {
            NodeName = result.GetRequiredValue(_nodeName),
            NodeAddresses = result.GetRequiredValue(_nodeAddress),
            NodeInterface = result.GetValue(_nodeInterface),
            EtcdEndpoints = result.GetRequiredValue(_etcd),
            ClusterRanges = ranges,
            LeaseTtlSeconds = result.GetValue(_leaseTtlSeconds),
            ReleaseOnExit = result.GetValue(_releaseOnExit),
            StaticClusterFile = result.GetValue(_staticCluster),
            Once = result.GetValue(_once),
            ReconcilePeriod = TimeSpan.FromSeconds(result.GetValue(_reconcileSeconds)),
            LogFile = result.GetValue(_logFile),
            LogLevel = result.GetValue(_logLevel),
            HealthAddress = result.GetValue(_healthAddress),
            Backend = new BackendOptions(
                result.GetValue(_backend) == Vxlan ? BackendKind.Vxlan : BackendKind.HostGw,
                result.GetValue(_vxlanVni),
                result.GetValue(_vxlanPort),
                result.GetValue(_directRouting)),
            Kubernetes = IsKubernetesMode(result.CommandResult) ? new ApiServerConnection(kubeconfig) : null,
            // With --ip-masq, pods keep their own addresses towards the rest of the cluster unless told otherwise.
            Conflist = conflist.IpMasq && conflist.NonMasqueradeCidrs.Count == 0 && ranges.Count > 0
                ? conflist with { NonMasqueradeCidrs = [.. ranges.Select(r => r.Range.ToString())] }
                : conflist,
        };
    }

    /// <summary>Static mode needs only its file; etcd mode its endpoints, the cluster's range and the node's address.</summary>
    private void CheckMode(CommandResult command)
    {
        bool Given(Option option) => command.GetResult(option) is { Implicit: false };

        if (command.GetValue(_backend) != Vxlan)
        {
            foreach (var vxlanOnly in new Option[] { _vxlanVni, _vxlanPort, _directRouting }.Where(Given))
            {
                command.AddError($"{vxlanOnly.Name} configures the VXLAN overlay: it needs --backend vxlan");
            }
        }

        if (Given(_once) && Given(_healthAddress))
        {
            command.AddError("--health-address serves a running agent: it cannot be combined with --once");
        }

        if (new[] { Given(_staticCluster), Given(_etcd), Given(_kubeconfig) }.Count(given => given) > 1)
        {
            command.AddError("--kubeconfig, --etcd and --static-cluster each name the cluster's source: give one");
        }

        if (command.GetValue(_kubeconfig) is { } kubeconfig && !File.Exists(kubeconfig))
        {
            command.AddError($"--kubeconfig {kubeconfig}: no such file");
        }

        if (Given(_staticCluster))
        {
            return;
        }

        if (Given(_once))
        {
            command.AddError("--once applies a static cluster file: it needs --static-cluster");
        }

        if (IsKubernetesMode(command))
        {
            return;
        }

        foreach (var required in new Option[] { _etcd, _clusterCidr }.Where(option => !Given(option)))
        {
            command.AddError($"{required.Name} is required (or a static cluster file: --static-cluster)");
        }

        if (Given(_nodeAddress) == Given(_nodeInterface))
        {
            command.AddError("give the node's underlay address as exactly one of --node-address ADDRESS or --node-interface NAME");
        }

        if (Given(_clusterCidr))
        {
            CheckRanges(command);
        }
    }

    /// <summary>
    /// --cluster-cidr: one range, or one IPv4 and one IPv6; --subnet-size: one size per range, each fitting its
    /// range; --node-address: at most one address per family, of the ranges' families.
    /// </summary>
    private void CheckRanges(CommandResult command)
    {
        var cidrs = ValueOrEmpty(command, _clusterCidr);
        var sizes = ValueOrEmpty(command, _subnetSize);
        if (cidrs.Count == 0)
        {
            // Refused while parsing, with its own message.
            return;
        }

        if (cidrs.Count > 2 || cidrs.GroupBy(c => c.BaseAddress.AddressFamily).Any(family => family.Count() > 1))
        {
            command.AddError($"--cluster-cidr {string.Join(",", cidrs)}: give one range, or one IPv4 and one IPv6 range (dual-stack), e.g. 100.100.0.0/16,fd00:100::/48");
            return;
        }

        if (sizes.Count > 0 && sizes.Count != cidrs.Count)
        {
            command.AddError($"--subnet-size {string.Join(",", sizes)} gives {sizes.Count} size(s) for {cidrs.Count} --cluster-cidr range(s): give one per range, in the same order (e.g. --cluster-cidr 100.100.0.0/16,fd00:100::/48 --subnet-size 24,64)");
            return;
        }

        foreach (var range in ClusterRanges(cidrs, sizes))
        {
            try
            {
                _ = new SubnetPool(range.Range, range.SubnetSize);
            }
            catch (ArgumentException e)
            {
                command.AddError($"--cluster-cidr/--subnet-size: {e.Message}");
            }
        }

        var addresses = ValueOrEmpty(command, _nodeAddress);
        var families = cidrs.Select(c => c.BaseAddress.AddressFamily).ToHashSet();
        if (addresses.GroupBy(a => a.AddressFamily).Any(family => family.Count() > 1 || !families.Contains(family.Key)))
        {
            command.AddError($"--node-address {string.Join(",", addresses)}: give one address per family of --cluster-cidr ({string.Join(",", cidrs)})");
        }
    }

    /// <summary>A list option's value; empty when parsing refused it (reading it throws then, and its own error says why).</summary>
    private static IReadOnlyList<T> ValueOrEmpty<T>(CommandResult command, Option<IReadOnlyList<T>> option)
    {
        try
        {
            return command.GetValue(option) ?? [];
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>The ranges with their sizes: as given, or each family's default (24 for IPv4, 64 for IPv6).</summary>
    private static List<ClusterRange> ClusterRanges(IReadOnlyList<IPNetwork> cidrs, IReadOnlyList<int> sizes) =>
        cidrs.Select((cidr, i) => new ClusterRange(cidr, i < sizes.Count ? sizes[i] : ClusterRange.DefaultSize(cidr.BaseAddress.AddressFamily))).ToList();

    /// <summary>--kubeconfig, or in a pod (the kubelet's variables set) when no option names another source.</summary>
    private bool IsKubernetesMode(CommandResult command) =>
        command.GetResult(_kubeconfig) is { Implicit: false }
        || (command.GetResult(_etcd) is null or { Implicit: true } && command.GetResult(_staticCluster) is null or { Implicit: true } && ApiServerConnection.InClusterVariablesSet(_getVariable));
}
