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

        var events = Channel.CreateUnbounded<ClusterEvent>(new UnboundedChannelOptions { SingleReader = true });
        var status = new AgentStatus(options.ReconcilePeriod, TimeProvider.System);
        var reconciler = new Reconciler(new ClusterView(options.NodeName), PeerBackends.Create(options.Backend, [family], logger), template, options.Conflist, status, logger);
        var keeper = new LeaseKeeper(etcd, new SubnetLeaser(etcd, pool, options.NodeName, address, options.LeaseTtlSeconds, logger), options.LeaseTtlSeconds, options.ReleaseOnExit, status.Metrics.Source("etcd"), logger);
        var watcher = new EtcdWatcher(etcd, status.Metrics.Source("etcd"), logger);
        using var health = HealthServer.StartIfAsked(options.HealthAddress, status, logger);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        List<Task> tasks =
        [
            reconciler.RunAsync(events.Reader, stop.Token),
            keeper.RunAsync(events.Writer, stop.Token),
            watcher.RunAsync(events.Writer, stop.Token),
            AgentLoops.TicksAsync(options.ReconcilePeriod, events.Writer, stop.Token),
        ];
        if (health is not null)
        {
            tasks.Add(health.RunAsync(stop.Token));
        }

        return await AgentLoops.RunUntilFirstEndsAsync([.. tasks], stop, logger).ConfigureAwait(false);
    }
}
