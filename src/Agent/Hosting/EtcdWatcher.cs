using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Etcd;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Subnets;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// Feeds the reconciler from etcd: a snapshot of every subnet lease, then a watch from the snapshot's
/// revision on. When etcd goes away it retries with backoff and starts over with a fresh snapshot, so
/// nodes that joined or left meanwhile are caught up; until then the reconciler keeps what it knew.
/// Every failed call (or lost watch) is counted as a store error.
/// </summary>
internal sealed class EtcdWatcher(EtcdClient etcd, SourceMetrics metrics, ILogger logger)
{
    public async Task RunAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        var connected = true;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var snapshot = await etcd.RangePrefixAsync(SubnetPool.KeyPrefix, cancellation).ConfigureAwait(false);
                var nodes = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
                foreach (var kv in snapshot.Kvs ?? [])
                {
                    if (SubnetLeaser.TryRead(kv) is { } node)
                    {
                        nodes[kv.KeyText] = node;
                    }
                }

                await events.WriteAsync(new ClusterSnapshot(nodes), cancellation).ConfigureAwait(false);
                var revision = snapshot.Header?.Revision ?? 0;
                logger.LogEtcdSnapshot(nodes.Count, revision);
                connected = true;
                backoff.Reset();
                await etcd.WatchPrefixAsync(SubnetPool.KeyPrefix, revision + 1, response => Forward(response, events, cancellation), cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && e is EtcdException or HttpRequestException or IOException)
            {
                // Keep routes as they are: the node still knows where its peers were.
                metrics.StoreError();
                if (connected)
                {
                    logger.LogEtcdWatchLost(e.Message);
                    connected = false;
                }

                await backoff.DelayAsync(cancellation).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask Forward(WatchResponse response, ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        if (response.Canceled)
        {
            // Compaction overtook the watch (or etcd cancelled it): start over from a snapshot.
            throw new EtcdException($"watch cancelled by etcd: {response.CancelReason ?? $"compacted at {response.CompactRevision}"}");
        }

        foreach (var change in response.Events ?? [])
        {
            if (change.Kv is not { } kv)
            {
                continue;
            }

            var node = change.IsDelete ? null : SubnetLeaser.TryRead(kv);
            await events.WriteAsync(new NodeChanged(kv.KeyText, node), cancellation).ConfigureAwait(false);
        }
    }
}
