using System.Threading.Channels;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Etcd;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Subnets;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// The agent on etcd: the lease keeper and the watcher produce <see cref="ClusterEvent"/>s, a timer adds
/// periodic ticks, and the <see cref="Reconciler"/> consumes them through one channel; with --health-address
/// a <see cref="HealthServer"/> serves /healthz and /metrics. Runs until
/// cancelled (SIGTERM: exit 0) or until something fatal (an exhausted range: exit 1).
/// </summary>
public static class EtcdAgent
{
    public static async Task<int> RunAsync(AgentOptions options, ILoggerFactory logging, CancellationToken cancellation)
    {
        var logger = logging.CreateLogger("agent");
        var range = options.ClusterCidr!.Value;
        var family = range.BaseAddress.AddressFamily;
        var pool = new SubnetPool(range, options.SubnetSize);
        var address = options.ResolveNodeAddress(family);
        var template = ConflistTemplate.Load(options.Conflist.TemplatePath);
        using var etcd = new EtcdClient(options.EtcdEndpoints, TimeSpan.FromSeconds(3));
        logger.LogInformation("node {Node} ({Address}) joining cluster range {Range} in /{Size}s via etcd {Etcd}", options.NodeName, address, range, options.SubnetSize, etcd.Describe());

        var status = new AgentStatus(options.ReconcilePeriod, TimeProvider.System);
        // A node missing after the watch was lost keeps its routes for a TTL: in that time a live one claims its subnet again.
        var view = new ClusterView(options.NodeName, TimeSpan.FromSeconds(options.LeaseTtlSeconds), TimeProvider.System);
        var reconciler = new Reconciler(view, PeerBackends.Create(options.Backend, [family], logger), template, options.Conflist, status, logger);
        var keeper = new LeaseKeeper(etcd, new SubnetLeaser(etcd, pool, options.NodeName, address, options.LeaseTtlSeconds, logger), options.LeaseTtlSeconds, options.ReleaseOnExit, status.Metrics.Source("etcd"), logger);
        var watcher = new EtcdWatcher(etcd, status.Metrics.Source("etcd"), logger);
        return await AgentLoops.RunAsync(
            reconciler,
            AgentLoops.CreateEvents(),
            status,
            options,
            logger,
            cancellation,
            keeper.RunAsync,
            watcher.RunAsync,
            (events, stop) => AgentLoops.TicksAsync(options.ReconcilePeriod, events, stop)).ConfigureAwait(false);
    }
}
