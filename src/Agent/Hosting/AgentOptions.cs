using System.Net;
using System.Net.Sockets;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Kubernetes;
using HumanzCni.Netlink;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Agent.Hosting;

/// <summary>`humanz-cni agent` options, read and checked.</summary>
public sealed record AgentOptions
{
    public const string Usage = """
        usage: humanz-cni agent --node-name NAME (hostname) [conflist options]
                 etcd:   --etcd http://200.0.0.2:2379[,more] --cluster-cidr 100.100.0.0/16 --subnet-size 24
                         --node-address 200.0.0.10 | --node-interface eth1
                         --lease-ttl-seconds 30 --reconcile-seconds 10 [--release-on-exit]
                 static: --static-cluster FILE.json [--once] --reconcile-seconds 10
                 kubernetes: --kubeconfig FILE (none, no --etcd and KUBERNETES_SERVICE_HOST set: in-cluster) --reconcile-seconds 10
                 logs:   --log-file PATH (besides stderr) --log-level Information
                 health: --health-address 127.0.0.1:9101 (serves /healthz and /metrics; default off)
        """;

    private static readonly string[] ValueNames =
        ["--cluster-cidr", "--subnet-size", "--node-name", "--node-address", "--node-interface", "--etcd", "--reconcile-seconds", "--lease-ttl-seconds", "--static-cluster", "--log-file", "--log-level", HealthAddressOption.Name, "--kubeconfig"];

    private static readonly string[] FlagNames = ["--once", "--release-on-exit"];

    public required string NodeName { get; init; }

    public IPNetwork? ClusterCidr { get; init; }

    public int SubnetSize { get; init; } = 24;

    public IPAddress? NodeAddress { get; init; }

    public string? NodeInterface { get; init; }

    public IReadOnlyList<Uri> EtcdEndpoints { get; init; } = [];

    public required ConflistSettings Conflist { get; init; }

    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromSeconds(10);

    public int LeaseTtlSeconds { get; init; } = 30;

    public bool ReleaseOnExit { get; init; }

    public string? StaticClusterFile { get; init; }

    /// <summary>Kubernetes mode (src/Agent/Kubernetes): where the API server is; null in the other modes.</summary>
    public ApiServerConnection? Kubernetes { get; init; }

    public bool Once { get; init; }

    public string? LogFile { get; init; }

    public string? LogLevel { get; init; }

    /// <summary>Where /healthz and /metrics are served; null: not at all.</summary>
    public IPEndPoint? HealthAddress { get; init; }

    public static AgentOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new OptionReader(args, ValueNames.Concat(ConflistOptions.ValueNames).ToHashSet(), FlagNames.Concat(ConflistOptions.FlagNames).ToHashSet());
        var parsed = new AgentOptions
        {
            NodeName = options.String("--node-name") ?? Environment.MachineName,
            Conflist = ConflistOptions.Read(options),
            ReconcilePeriod = TimeSpan.FromSeconds(options.Int("--reconcile-seconds", 10, 1, 3600)),
            LeaseTtlSeconds = options.Int("--lease-ttl-seconds", 30, 2, 86400),
            ReleaseOnExit = options.Flag("--release-on-exit"),
            StaticClusterFile = options.String("--static-cluster"),
            Once = options.Flag("--once"),
            LogFile = options.String("--log-file"),
            LogLevel = options.String("--log-level"),
            HealthAddress = HealthAddressOption.Parse(options.String(HealthAddressOption.Name)),
        };

        if (parsed.Once && parsed.HealthAddress is not null)
        {
            throw new UsageException($"{HealthAddressOption.Name} serves a running agent: it cannot be combined with --once");
        }

        // Kubernetes mode: --kubeconfig, or in-cluster when no option names another source.
        var kubeconfig = options.String("--kubeconfig");
        if (kubeconfig is not null && (parsed.StaticClusterFile ?? options.String("--etcd")) is not null)
        {
            throw new UsageException("--kubeconfig, --etcd and --static-cluster each name the cluster's source: give one");
        }

        if (parsed.StaticClusterFile is not null)
        {
            return parsed;
        }

        if (parsed.Once)
        {
            throw new UsageException("--once applies a static cluster file: it needs --static-cluster");
        }

        if (kubeconfig is not null && !File.Exists(kubeconfig))
        {
            throw new UsageException($"--kubeconfig {kubeconfig}: no such file");
        }

        if (kubeconfig is not null || (options.String("--etcd") is null && ApiServerConnection.InClusterVariablesSet))
        {
            return parsed with { Kubernetes = new ApiServerConnection(kubeconfig) };
        }

        var cidrText = options.Required("--cluster-cidr");
        if (!CidrText.TryParseExact(cidrText, out var cidr))
        {
            throw new UsageException($"--cluster-cidr '{cidrText}' is not a CIDR without host bits (e.g. 100.100.0.0/16)");
        }

        var address = options.String("--node-address");
        var nodeInterface = options.String("--node-interface");
        if ((address is null) == (nodeInterface is null))
        {
            throw new UsageException("give the node's underlay address as exactly one of --node-address ADDRESS or --node-interface NAME");
        }

        IPAddress? nodeAddress = null;
        if (address is not null && !IPAddress.TryParse(address, out nodeAddress))
        {
            throw new UsageException($"--node-address '{address}' is not an IP address");
        }

        var endpoints = new List<Uri>();
        foreach (var text in options.Required("--etcd").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--etcd endpoint '{text}' is not an http(s) URL (e.g. http://200.0.0.2:2379)");
            }

            endpoints.Add(uri);
        }

        // With --ip-masq, pods keep their own addresses towards the rest of the cluster unless told otherwise.
        var conflist = parsed.Conflist.IpMasq && parsed.Conflist.NonMasqueradeCidrs.Count == 0
            ? parsed.Conflist with { NonMasqueradeCidrs = [cidr.ToString()] }
            : parsed.Conflist;
        return parsed with
        {
            Conflist = conflist,
            ClusterCidr = cidr,
            SubnetSize = options.Int("--subnet-size", 24, 1, 128),
            NodeAddress = nodeAddress,
            NodeInterface = nodeInterface,
            EtcdEndpoints = endpoints,
        };
    }

    /// <summary>The underlay address: given, or the first address of the cluster's family on --node-interface.</summary>
    public IPAddress ResolveNodeAddress(AddressFamily family)
    {
        if (NodeAddress is not null)
        {
            return NodeAddress;
        }

        using var netlink = RtNetlink.Open();
        var link = netlink.GetLink(NodeInterface!) ?? throw new UsageException($"--node-interface {NodeInterface}: no such link in this network namespace");
        return netlink.ListAddresses(link.Index).Select(a => a.Address).FirstOrDefault(a => a.AddressFamily == family && !a.IsIPv6LinkLocal)
            ?? throw new UsageException($"--node-interface {NodeInterface} has no {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address");
    }
}
