using System.Net.Sockets;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Hosting;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// The agent on the Kubernetes API: the <see cref="NodeWatcher"/> turns Nodes into <see cref="ClusterEvent"/>s
/// (this node's podCIDR, a record per other node and podCIDR), a timer adds periodic ticks, and the
/// <see cref="Reconciler"/> applies them, as on etcd; with --health-address a <see cref="HealthServer"/> serves
/// /healthz and /metrics (API server failures count as store errors, source="kubernetes"). It reconciles both families: the watcher only posts peers of
/// the families this node has pod subnets of, so an IPv4-only node keeps no IPv6 route of its own.
/// Runs until cancelled (SIGTERM: exit 0).
/// </summary>
internal static class KubernetesAgent
{
    public static async Task<int> RunAsync(AgentOptions options, ILoggerFactory logging, CancellationToken cancellation)
    {
        var logger = logging.CreateLogger("agent");
        var connection = options.Kubernetes!;
        using var api = new NodeApi(connection.Load());
        var template = ConflistTemplate.Load(options.Conflist.TemplatePath);
        logger.LogTakingSubnetsFromApiServer(options.NodeName, api.Host, connection.Describe());

        var status = new AgentStatus(options.ReconcilePeriod, TimeProvider.System);
        var reconciler = new Reconciler(new ClusterView(options.NodeName), PeerBackends.Create(options.Backend, [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6], logger), template, options.Conflist, status, logger);
        var watcher = new NodeWatcher(api, options.NodeName, status.Metrics.Source("kubernetes"), logger);
        return await AgentLoops.RunAsync(
            reconciler,
            AgentLoops.CreateEvents(),
            status,
            options,
            logger,
            cancellation,
            watcher.RunAsync,
            (events, stop) => AgentLoops.TicksAsync(options.ReconcilePeriod, events, stop)).ConfigureAwait(false);
    }
}
