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
internal static class EtcdAgent
{
    public static async Task<int> RunAsync(AgentOptions options, ILoggerFactory logging, CancellationToken cancellation)
    {
        var logger = logging.CreateLogger("agent");
        var template = ConflistTemplate.Load(options.Conflist.TemplatePath);
        using var etcd = new EtcdClient(options.EtcdEndpoints, TimeSpan.FromSeconds(3));
        var leasers = new List<SubnetLeaser>();
        foreach (var range in options.ClusterRanges)
        {
            var address = options.ResolveNodeAddress(range.Family);
            logger.LogJoiningRange(options.NodeName, address, range.Range, range.SubnetSize, etcd.Describe());
            leasers.Add(new SubnetLeaser(etcd, new SubnetPool(range.Range, range.SubnetSize), options.NodeName, address, options.LeaseTtlSeconds, logger));
        }

        var status = new AgentStatus(options.ReconcilePeriod, TimeProvider.System);
        var backend = PeerBackends.Create(options.Backend, options.ClusterRanges.Select(r => r.Family).ToList(), logger);

        // A node missing after the watch was lost keeps its routes for a TTL: in that time a live one claims its subnet again.
        var view = new ClusterView(options.NodeName, TimeSpan.FromSeconds(options.LeaseTtlSeconds), TimeProvider.System);
        var reconciler = new Reconciler(view, backend, template, options.Conflist, status, logger);
        var keeper = new LeaseKeeper(etcd, leasers, options.LeaseTtlSeconds, options.ReleaseOnExit, status.Metrics.Source("etcd"), logger);
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
