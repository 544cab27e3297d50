using System.Net;
using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Etcd;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Subnets;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// Holds this node's subnets, one per cluster range (a dual-stack node: one IPv4 and one IPv6, each under a lease
/// of its own): acquires them, keeps their leases alive (every third of the TTL), and re-acquires one (preferring the
/// same subnet) if etcd lost its lease. Every (re)acquisition posts all the subnets held, so the conflist always
/// has every family. Retries with backoff while etcd is unreachable (each failed call counted as a store error;
/// each renewal counted). An exhausted range ends it with <see cref="SubnetRangeExhaustedException"/>.
/// </summary>
internal sealed class LeaseKeeper(EtcdClient etcd, IReadOnlyList<SubnetLeaser> leasers, int ttlSeconds, bool releaseOnExit, SourceMetrics metrics, ILogger logger)
{
    public async Task RunAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        var keepAliveInterval = TimeSpan.FromSeconds(Math.Max(1.0, ttlSeconds / 3.0));
        var held = new HeldSubnet?[leasers.Count];
        var preferred = new IPNetwork?[leasers.Count];
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    if (await AcquireMissingAsync(held, preferred, cancellation).ConfigureAwait(false))
                    {
                        await events.WriteAsync(new OwnSubnetHeld(held.Select(h => h!.Record).ToList()), cancellation).ConfigureAwait(false);
                        backoff.Reset();
                    }

                    await Task.Delay(keepAliveInterval, cancellation).ConfigureAwait(false);
                    for (var i = 0; i < held.Length; i++)
                    {
                        if (await etcd.KeepAliveAsync(held[i]!.Lease, cancellation).ConfigureAwait(false) <= 0)
                        {
                            logger.LogLeaseExpired(held[i]!.Lease, held[i]!.Record.Subnet);
                            held[i] = null;
                        }
                        else
                        {
                            metrics.LeaseRenewed();
                        }
                    }

                    backoff.Reset();
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested && e is EtcdException or HttpRequestException or IOException)
                {
                    metrics.StoreError();
                    logger.LogLeaseStoreUnavailable(e.Message, backoff.Next);
                    await backoff.DelayAsync(cancellation).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (releaseOnExit)
            {
                foreach (var subnet in held.OfType<HeldSubnet>())
                {
                    await ReleaseAsync(subnet).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Acquires every subnet not held; true when any was (so all of them are posted again).</summary>
    private async Task<bool> AcquireMissingAsync(HeldSubnet?[] held, IPNetwork?[] preferred, CancellationToken cancellation)
    {
        var acquired = false;
        for (var i = 0; i < held.Length; i++)
        {
            if (held[i] is null)
            {
                held[i] = await leasers[i].AcquireAsync(preferred[i], cancellation).ConfigureAwait(false);
                preferred[i] = IPNetwork.Parse(held[i]!.Record.Subnet);
                acquired = true;
            }
        }

        return acquired;
    }

    /// <summary>Revokes the lease so every other node drops its route now rather than at expiry; best effort.</summary>
    private async Task ReleaseAsync(HeldSubnet held)
    {
        try
        {
            await etcd.RevokeLeaseAsync(held.Lease, CancellationToken.None).ConfigureAwait(false);
            logger.LogSubnetReleased(held.Record.Subnet, held.Lease);
        }
        catch (Exception e) when (e is EtcdException or HttpRequestException or IOException)
        {
            logger.LogSubnetReleaseFailed(held.Record.Subnet, e.Message);
        }
    }
}
