using System.Net;
using System.Threading.Channels;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Static;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// The agent without etcd: the cluster is a static file, applied exactly like etcd's leases (routes to
/// every other node, the conflist for this node's subnet). `--once` applies and exits; otherwise the file
/// is read again every reconcile period, so editing it is how nodes join and leave.
/// </summary>
internal static class StaticAgent
{
    public static async Task<int> RunAsync(AgentOptions options, ILoggerFactory logging, CancellationToken cancellation)
    {
        var logger = logging.CreateLogger("agent");
        var path = options.StaticClusterFile!;
        var warnings = new LeftOutWarnings(logger);
        var nodes = Load(path, warnings);
        var own = Own(nodes, options.NodeName, path);
        var families = own.Select(o => IPNetwork.Parse(o.Subnet).BaseAddress.AddressFamily).ToList();
        var status = new AgentStatus(options.ReconcilePeriod, TimeProvider.System);
        var reconciler = new Reconciler(new ClusterView(options.NodeName), PeerBackends.Create(options.Backend, families, logger), ConflistTemplate.Load(options.Conflist.TemplatePath), options.Conflist, status, logger);
        logger.LogStaticClusterLoaded(options.NodeName, string.Join(", ", own.Select(o => o.Subnet)), path, nodes.Select(n => n.Name).Distinct().Count());
        if (options.Once)
        {
            // Run by a person or a script, which see the exit code: a change the kernel refused is an error, with its reason.
            var outcome = reconciler.ApplyNow(Changes(nodes, own));
            if (outcome.Result == ReconcileResult.Failure)
            {
                Console.Error.WriteLine($"humanz-cni agent: --once: {outcome.Reason}");
                return 1;
            }

            return 0;
        }

        var events = AgentLoops.CreateEvents();
        Post(events.Writer, nodes, own);
        return await AgentLoops.RunAsync(
            reconciler,
            events,
            status,
            options,
            logger,
            cancellation,
            (writer, stop) => RereadAsync(path, options, writer, warnings, status.Metrics.Source("static"), logger, stop)).ConfigureAwait(false);
    }

    /// <summary>Reads the file every period; a file that became unreadable or invalid is logged, counted as a store error, and the last good one reconciled.</summary>
    private static async Task RereadAsync(string path, AgentOptions options, ChannelWriter<ClusterEvent> events, LeftOutWarnings warnings, SourceMetrics metrics, ILogger logger, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(options.ReconcilePeriod);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            try
            {
                var nodes = Load(path, warnings);
                Post(events, nodes, Own(nodes, options.NodeName, path));
            }
            catch (FormatException e)
            {
                metrics.StoreError();
                logger.LogKeepingLastGoodCluster(e.Message);

                // Reconcile from the last good cluster anyway: drift is still repaired, and the node stays healthy.
                events.TryWrite(ReconcileTick.Instance);
            }
        }
    }

    private static void Post(ChannelWriter<ClusterEvent> events, IReadOnlyList<NodeRecord> nodes, IReadOnlyList<NodeRecord> own)
    {
        foreach (var change in Changes(nodes, own))
        {
            events.TryWrite(change);
        }
    }

    /// <summary>This node's subnets, then every record (one per node and subnet, keyed "NAME/SUBNET" as in Kubernetes mode).</summary>
    private static ClusterEvent[] Changes(IReadOnlyList<NodeRecord> nodes, IReadOnlyList<NodeRecord> own) =>
        [new OwnSubnetHeld(own), new ClusterSnapshot(nodes.ToDictionary(n => $"{n.Name}/{n.Subnet}", StringComparer.Ordinal))];

    private static IReadOnlyList<NodeRecord> Own(IReadOnlyList<NodeRecord> nodes, string name, string path) =>
        nodes.Where(n => n.Name == name).ToList() is { Count: > 0 } own ? own : throw new FormatException($"node {name} is not in static cluster file {path}");

    /// <summary>The file's records; subnets it leaves out (no address of their family) are logged when they first appear.</summary>
    private static IReadOnlyList<NodeRecord> Load(string path, LeftOutWarnings warnings)
    {
        var found = new List<string>();
        var nodes = StaticClusterFile.Load(path, found);
        warnings.Report(found);
        return nodes;
    }
}
