using System.Net;
using System.Net.Sockets;
using HumanzCni.Agent.Cluster;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Routes;

/// <summary>
/// Makes the node's routes to the other nodes' pod subnets match the cluster: `subnet via node-address`
/// for every peer, stamped with <see cref="RouteProtocol.HumanzAgent"/>. Only routes with that protocol
/// are ever replaced or deleted; a route someone else owns for a peer's subnet is left alone (and logged).
/// Works in the calling process's network namespace (the agent runs inside the node's).
/// </summary>
internal sealed class PeerRoutes(ILogger logger)
{
    /// <summary>
    /// The families the backends reconcile at every pass, whether or not this node serves them: one it does not
    /// serve (any more) is reconciled towards no peer, so what the agent left of it when the node was dual-stack goes.
    /// </summary>
    public static IReadOnlyList<AddressFamily> Families { get; } = [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6];

    /// <summary>One pass over the pass's <paramref name="netlink"/>; returns what it changed (e.g. "added 1, replaced 0, deleted 2"), what the kernel refused, and the routes owned after it.</summary>
    public RouteChanges Reconcile(RtNetlink netlink, IReadOnlyList<NodeRecord> peers, AddressFamily family)
    {
        var desired = Desired(peers, family);
        var existing = netlink.ListRoutes(family).Where(r => r.Metric == DefaultMetric(family)).ToList();
        var owned = existing.Where(r => r.Protocol == RouteProtocol.HumanzAgent).ToDictionary(r => new IPNetwork(r.Destination, r.PrefixLength));
        var foreign = existing.Where(r => r.Protocol != RouteProtocol.HumanzAgent).Select(r => new IPNetwork(r.Destination, r.PrefixLength)).ToHashSet();
        var changes = new RouteChanges();

        foreach (var (subnet, route) in owned)
        {
            if (!desired.ContainsKey(subnet) && Try(() => netlink.DeleteRoute(route), "delete", subnet, route.Gateway, changes))
            {
                changes.Deleted++;
            }
        }

        foreach (var (subnet, gateway) in desired)
        {
            var route = new RouteInfo(subnet.BaseAddress, subnet.PrefixLength, gateway, Protocol: RouteProtocol.HumanzAgent);
            if (owned.TryGetValue(subnet, out var current))
            {
                if (!gateway.Equals(current.Gateway) && Try(() => netlink.ReplaceRoute(route), "replace", subnet, gateway, changes))
                {
                    changes.Replaced++;
                }
            }
            else if (foreign.Contains(subnet))
            {
                logger.LogForeignRouteKept(subnet, gateway);
            }
            else if (Try(() => netlink.AddRoute(route), "add", subnet, gateway, changes))
            {
                changes.Added++;
            }
        }

        changes.Owned = owned.Count + changes.Added - changes.Deleted;
        return changes;
    }

    /// <summary>
    /// The metric of a route added without one, as the kernel lists it: 0 for IPv4, 1024 for IPv6 (IP6_RT_PRIO_USER,
    /// which the kernel puts on IPv6 routes given none). Routes of other metrics are someone else's business.
    /// </summary>
    private static int DefaultMetric(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 1024 : 0;

    /// <summary>Peer subnet -> gateway; a peer whose record is malformed or of the other family is skipped.</summary>
    private Dictionary<IPNetwork, IPAddress> Desired(IReadOnlyList<NodeRecord> peers, AddressFamily family)
    {
        var desired = new Dictionary<IPNetwork, IPAddress>();
        foreach (var peer in peers)
        {
            try
            {
                var (address, subnet) = peer.Parse();
                if (subnet.BaseAddress.AddressFamily == family && !desired.TryAdd(subnet, address))
                {
                    logger.LogSubnetClaimedTwice(subnet, desired[subnet], peer.Name);
                }
            }
            catch (FormatException e)
            {
                logger.LogIgnoringNodeRecord(e.Message);
            }
        }

        return desired;
    }

    /// <summary>A route the kernel refuses (gateway not on-link yet, ...) is logged, noted in the pass's failures and retried at the next pass, not fatal.</summary>
    private bool Try(Action change, string verb, IPNetwork subnet, IPAddress? gateway, RouteChanges changes)
    {
        try
        {
            change();
            logger.LogRouteChanged(verb, subnet, gateway);
            return true;
        }
        catch (NetlinkException e)
        {
            logger.LogRouteChangeFailed(verb, subnet, gateway, e.Message);
            changes.Failures.Add($"route {verb} {subnet} via {gateway} failed: {e.Message}");
            return false;
        }
    }
}
