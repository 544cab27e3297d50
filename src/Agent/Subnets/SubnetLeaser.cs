using System.Net;
using System.Text.Json;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Etcd;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Subnets;

/// <summary>
/// Leases this node a subnet of the pool in etcd: the node's own lease if it still lives (a restarted
/// agent keeps its subnet), else a fresh TTL lease and the first free subnet claimed with a transaction
/// that only creates the key if nobody has it (create_revision == 0), so two agents never share one.
/// </summary>
internal sealed class SubnetLeaser(EtcdClient etcd, SubnetPool pool, string nodeName, IPAddress nodeAddress, int ttlSeconds, ILogger logger)
{
    /// <summary>Holds a subnet, preferring <paramref name="preferred"/> (the one held before etcd lost the lease) when it is free.</summary>
    public async Task<HeldSubnet> AcquireAsync(IPNetwork? preferred, CancellationToken cancellation)
    {
        var existing = await etcd.RangePrefixAsync(SubnetPool.KeyPrefix, cancellation).ConfigureAwait(false);
        var taken = new HashSet<IPNetwork>();
        foreach (var kv in existing.Kvs ?? [])
        {
            if (!SubnetPool.TryParseKey(kv.KeyText, out var subnet))
            {
                continue;
            }

            taken.Add(subnet);
            if (TryRead(kv) is { } record && record.Name == nodeName && pool.Contains(subnet)
                && await TryResumeAsync(kv, record, cancellation).ConfigureAwait(false) is { } resumed)
            {
                return resumed;
            }
        }

        var lease = await etcd.GrantLeaseAsync(ttlSeconds, cancellation).ConfigureAwait(false);
        foreach (var candidate in Candidates(preferred))
        {
            // Add is false for a subnet already seen taken, or already tried (the preferred one comes twice).
            if (!taken.Add(candidate))
            {
                continue;
            }

            var record = new NodeRecord(nodeName, nodeAddress.ToString(), candidate.ToString());
            if (await etcd.CreateAsync(EtcdKeys.Bytes(SubnetPool.KeyOf(candidate)), Serialize(record), lease, cancellation).ConfigureAwait(false))
            {
                logger.LogSubnetLeased(candidate, nodeName, nodeAddress, lease, ttlSeconds);
                return new HeldSubnet(record, lease, Resumed: false);
            }

            // Another agent created it between our read and our transaction: try the next one.
            logger.LogSubnetTakenMeanwhile(candidate);
        }

        await etcd.RevokeLeaseAsync(lease, cancellation).ConfigureAwait(false);
        throw new SubnetRangeExhaustedException(
            $"cluster range {pool.Range} is exhausted: all {pool.Count} /{pool.SubnetPrefixLength} subnets are leased to other nodes, none left for node {nodeName}");
    }

    /// <summary>The JSON stored as a subnet lease's value.</summary>
    public static byte[] Serialize(NodeRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, AgentJsonContext.Default.NodeRecord);

    /// <summary>
    /// A lease as a node record; null for anything that is not a well-formed record of the subnet its key
    /// names (someone else's key under the prefix), so a stray value can never become a route.
    /// </summary>
    public static NodeRecord? TryRead(KeyValue kv)
    {
        if (kv.Value is not { Length: > 0 } value || !SubnetPool.TryParseKey(kv.KeyText, out var keySubnet))
        {
            return null;
        }

        try
        {
            var record = JsonSerializer.Deserialize(value, AgentJsonContext.Default.NodeRecord);
            return record is not null && record.Parse().Subnet == keySubnet ? record : null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Takes over this node's lease from a previous run if etcd still keeps it alive, updating the address if it moved.</summary>
    private async Task<HeldSubnet?> TryResumeAsync(KeyValue kv, NodeRecord record, CancellationToken cancellation)
    {
        if (kv.Lease == 0 || await etcd.KeepAliveAsync(kv.Lease, cancellation).ConfigureAwait(false) <= 0)
        {
            return null;
        }

        if (record.Address != nodeAddress.ToString())
        {
            var moved = record with { Address = nodeAddress.ToString() };
            if (!await etcd.UpdateAsync(kv.Key, Serialize(moved), kv.Lease, kv.ModRevision, cancellation).ConfigureAwait(false))
            {
                return null;
            }

            logger.LogNodeMoved(nodeName, record.Address, moved.Address, record.Subnet);
            record = moved;
        }

        logger.LogSubnetResumed(record.Subnet, nodeName, kv.Lease);
        return new HeldSubnet(record, kv.Lease, Resumed: true);
    }

    private IEnumerable<IPNetwork> Candidates(IPNetwork? preferred)
    {
        if (preferred is { } wanted && pool.Contains(wanted))
        {
            yield return wanted;
        }

        for (var i = 0; i < pool.Count; i++)
        {
            yield return pool[i];
        }
    }
}
