using System.Net;
using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Etcd;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Subnets;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// Holds this node's subnet: acquires it, keeps its lease alive (every third of the TTL), and
/// re-acquires (preferring the same subnet) if etcd lost the lease. Retries with backoff while etcd is
/// unreachable (each failed call counted as a store error; each renewal counted). An exhausted range ends it
/// with <see cref="SubnetRangeExhaustedException"/>.
/// </summary>
public sealed class LeaseKeeper(EtcdClient etcd, SubnetLeaser leaser, int ttlSeconds, bool releaseOnExit, SourceMetrics metrics, ILogger logger)
{
    public async Task RunAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        var keepAliveInterval = TimeSpan.FromSeconds(Math.Max(1.0, ttlSeconds / 3.0));
        HeldSubnet? held = null;
        IPNetwork? preferred = null;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    if (held is null)
                    {
                        held = await leaser.AcquireAsync(preferred, cancellation).ConfigureAwait(false);
                        preferred = IPNetwork.Parse(held.Record.Subnet);
                        await events.WriteAsync(new OwnSubnetHeld(held.Record), cancellation).ConfigureAwait(false);
                        backoff.Reset();
                    }

                    await Task.Delay(keepAliveInterval, cancellation).ConfigureAwait(false);
                    if (await etcd.KeepAliveAsync(held.Lease, cancellation).ConfigureAwait(false) <= 0)
                    {
                        logger.LogWarning("lease {Lease:x} of subnet {Subnet} expired in etcd; acquiring a subnet again", held.Lease, held.Record.Subnet);
                        held = null;
                    }
                    else
                    {
                        metrics.LeaseRenewed();
                    }

                    backoff.Reset();
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested && e is EtcdException or HttpRequestException or IOException)
                {
                    metrics.StoreError();
                    logger.LogWarning("etcd unavailable for the subnet lease ({Reason}); retrying in {Delay}", e.Message, backoff.Next);
                    await backoff.DelayAsync(cancellation).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (releaseOnExit && held is not null)
            {
                await ReleaseAsync(held).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Revokes the lease so every other node drops its route now rather than at expiry; best effort.</summary>
    private async Task ReleaseAsync(HeldSubnet held)
    {
        try
        {
            await etcd.RevokeLeaseAsync(held.Lease, CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("released subnet {Subnet} (lease {Lease:x} revoked)", held.Record.Subnet, held.Lease);
        }
        catch (Exception e) when (e is EtcdException or HttpRequestException or IOException)
        {
            logger.LogWarning("could not release subnet {Subnet}: {Reason}; it expires with its lease", held.Record.Subnet, e.Message);
        }
    }
}
