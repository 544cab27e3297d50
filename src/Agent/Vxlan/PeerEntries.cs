using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Vxlan;

/// <summary>
/// The per-peer half of a <see cref="VxlanBackend"/> pass: routes, permanent neighbours and FDB entries on the
/// device brought in line with the peers, each kind compared with what the kernel lists so that only what
/// differs is written. A change the kernel refuses is logged and left to the next pass.
/// </summary>
internal sealed class PeerEntries(RtNetlink netlink, int device, AddressFamily family, ILogger logger, RouteChanges changes)
{
    /// <summary>
    /// The <paramref name="routes"/> wanted per peer subnet (`SUBNET via VTEP dev DEVICE onlink`, or with direct
    /// routing `SUBNET via ADDRESS dev UNDERLAY`), all with proto 0x69; every other agent route of the family goes,
    /// host-gw routes a previous run left included.
    /// </summary>
    public void ReconcileRoutes(IReadOnlyDictionary<IPNetwork, PeerRoute> routes)
    {
        var existing = netlink.ListRoutes(family);
        var foreign = existing.Where(r => r.Protocol != RouteProtocol.HumanzAgent).Select(r => new IPNetwork(r.Destination, r.PrefixLength)).ToHashSet();

        // By destination (the first listed of each), so each wanted route is one lookup: a pass stays linear in the peers.
        var owned = new Dictionary<IPNetwork, RouteInfo>();
        foreach (var route in existing.Where(r => r.Protocol == RouteProtocol.HumanzAgent))
        {
            var subnet = new IPNetwork(route.Destination, route.PrefixLength);
            if (routes.ContainsKey(subnet))
            {
                owned.TryAdd(subnet, route);
                continue;
            }

            Try(() => netlink.DeleteRoute(route), $"delete route {subnet}", () => changes.Deleted++);
        }

        foreach (var (subnet, wanted) in routes)
        {
            var current = owned.GetValueOrDefault(subnet);
            if (current is null && foreign.Contains(subnet))
            {
                logger.LogForeignRouteKept(subnet, wanted.Node);
                continue;
            }

            var route = wanted.Route;
            if (current is not null && current.OnLink == route.OnLink && Equals(current.Gateway, route.Gateway) && current.OutputLinkIndex == route.OutputLinkIndex)
            {
                continue;
            }

            Try(() => netlink.ReplaceRoute(route), $"route {subnet} via {route.Gateway}{(route.OnLink ? " onlink" : "")} ({wanted.Node})", () => Count(current is null));
        }
    }

    /// <summary>A permanent neighbour per peer: its VTEP address → its VTEP MAC; other permanent ones on the device go.</summary>
    public void ReconcileNeighbours(IReadOnlyDictionary<IPNetwork, VxlanPeer> peers)
    {
        var wanted = peers.Values.ToDictionary(p => p.Vtep);
        // By address (the kernel keeps one entry per address and device), so each peer is one lookup.
        var neighbours = new Dictionary<IPAddress, NeighbourInfo>();
        foreach (var neighbour in netlink.ListNeighbours(device).Where(n => n.Address.AddressFamily == family))
        {
            neighbours.TryAdd(neighbour.Address, neighbour);
        }

        // Entries the kernel resolved itself (not permanent) are its business; only permanent ones are ours.
        foreach (var stale in neighbours.Values.Where(n => n.State.HasFlag(NeighbourState.Permanent) && !wanted.ContainsKey(n.Address)))
        {
            Try(() => netlink.DeleteNeighbour(device, stale.Address), $"delete neighbour {stale.Address}", () => changes.Deleted++);
        }

        foreach (var (vtep, peer) in wanted)
        {
            var current = neighbours.GetValueOrDefault(vtep);
            if (current is not null && current.State.HasFlag(NeighbourState.Permanent) && peer.Mac.Equals(current.Mac))
            {
                continue;
            }

            Try(() => netlink.ReplaceNeighbour(device, vtep, peer.Mac), $"neighbour {vtep} lladdr {peer.Mac} ({peer.Name})", () => Count(current is null));
        }
    }

    /// <summary>An FDB entry per peer: its VTEP MAC → its underlay address; every other entry on the device goes.</summary>
    public void ReconcileFdb(IReadOnlyDictionary<IPNetwork, VxlanPeer> peers)
    {
        var wanted = new Dictionary<PhysicalAddress, VxlanPeer>();
        foreach (var peer in peers.Values)
        {
            wanted.TryAdd(peer.Mac, peer);
        }

        var entries = netlink.ListFdb(device);
        var kept = new HashSet<PhysicalAddress>();
        foreach (var entry in entries)
        {
            if (wanted.TryGetValue(entry.Mac, out var peer) && peer.Underlay.Equals(entry.Destination))
            {
                kept.Add(entry.Mac);
                continue;
            }

            Try(() => netlink.DeleteFdb(device, entry.Mac, entry.Destination), $"delete fdb {entry.Mac} dst {entry.Destination}", () => changes.Deleted++);
        }

        foreach (var (mac, peer) in wanted.Where(w => !kept.Contains(w.Key)))
        {
            Try(() => netlink.ReplaceFdb(device, mac, peer.Underlay), $"fdb {mac} dst {peer.Underlay} ({peer.Name})", () => changes.Added++);
        }
    }

    private void Count(bool added)
    {
        if (added)
        {
            changes.Added++;
        }
        else
        {
            changes.Replaced++;
        }
    }

    private void Try(Action change, string what, Action counted)
    {
        try
        {
            change();
            logger.LogEntryChanged(what);
            counted();
        }
        catch (NetlinkException e)
        {
            logger.LogEntryChangeFailed(what, e.Message);
            changes.Failures.Add($"VXLAN: {what} failed: {e.Message}");
        }
    }
}
