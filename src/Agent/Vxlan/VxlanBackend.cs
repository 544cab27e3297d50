using System.Net;
using System.Net.Sockets;
using HumanzCni.Addressing;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Vxlan;

/// <summary>
/// Connects this node's pods to the other nodes' over a VXLAN overlay, so nodes need not share a link (the
/// host-gw routes of <see cref="PeerRoutes"/> need every peer on-link). Keeps, in the calling process's
/// network namespace:
/// <list type="bullet">
/// <item>the device (`humanz.VNI`, `nolearning`, MTU = underlay MTU minus <see cref="VxlanOptions.Overhead"/>,
/// MAC = <see cref="VtepMac.From"/> this node's underlay address), created when missing, changed only where it
/// differs: setting even the same MAC flushes the device's neighbour entries;</item>
/// <item>its VTEP addresses: the network address of each of this node's own subnets (one per family), as /32 (/128). Flannel does the same:
/// the IPAM never hands out the network address and the pods' bridge holds the first one, so it is free, and
/// it is computable by every peer from the subnet alone;</item>
/// <item>per peer: `SUBNET via VTEP dev humanz.VNI onlink proto 0x69`, a permanent neighbour VTEP → the peer's
/// VTEP MAC, and an FDB entry that MAC → the peer's underlay address; with <see cref="VxlanOptions.DirectRouting"/>,
/// a peer on a subnet of the underlay interface gets `SUBNET via ADDRESS dev UNDERLAY proto 0x69` instead.</item>
/// </list>
/// What it owns is identifiable, so whatever a departed peer left is deleted: routes by protocol
/// <see cref="RouteProtocol.HumanzAgent"/> (as with <see cref="PeerRoutes"/>, a route to a peer's subnet someone else
/// made is left alone), permanent neighbours and FDB entries by being on the device. Both families are reconciled
/// at every pass: those of a family this node has no subnet of (any more) all go, as its VTEP address does.
/// </summary>
internal sealed class VxlanBackend(VxlanOptions options, ILogger logger)
{
    /// <summary>
    /// One pass towards <paramref name="peers"/> (the other nodes' records, one per node and family; records of a
    /// family this node has no subnet of, or malformed, are skipped) with <paramref name="ownSubnets"/> as this
    /// node's subnets, at most one per family. Both families ride this one device, whose underlay family is that
    /// of <see cref="VxlanOptions.Local"/>: a peer's pods of either family are reached through its underlay
    /// address of that family (a peer without one is skipped with a warning). Returns how many kernel objects
    /// (device, addresses, routes, neighbours, FDB entries) it added, replaced or deleted. A kernel refusal of the
    /// device or its address throws <see cref="NetlinkException"/>; one of a peer's entries is logged and retried next pass.
    /// Every request goes over <paramref name="netlink"/>, the socket of the agent's whole pass.
    /// </summary>
    public RouteChanges Reconcile(RtNetlink netlink, IReadOnlyList<IPNetwork> ownSubnets, IReadOnlyList<NodeRecord> peers)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(ownSubnets);
        ArgumentNullException.ThrowIfNull(peers);
        var changes = new RouteChanges();
        var underlay = netlink.GetLink(options.UnderlayInterface);
        if (underlay is null)
        {
            logger.LogNoUnderlayInterface(options.UnderlayInterface);
            changes.Failures.Add($"VXLAN: no underlay interface {options.UnderlayInterface} in this network namespace");
            return changes;
        }

        var device = EnsureDevice(netlink, underlay, changes);
        EnsureVtepAddresses(netlink, device, ownSubnets.Select(VtepAddress).ToList(), changes);
        var underlayAddresses = UnderlayAddresses(peers);
        var overlayPeers = new Dictionary<IPNetwork, VxlanPeer>();
        var served = ownSubnets.Select(s => s.BaseAddress.AddressFamily).ToHashSet();
        foreach (var family in PeerRoutes.Families)
        {
            // A family this node does not serve wants no peer: its routes and neighbours of an earlier dual-stack run go.
            var desired = DesiredPeers(served.Contains(family) ? peers : [], family, underlayAddresses);
            var direct = options.DirectRouting ? UnderlaySubnets(netlink, underlay.Index, family) : [];
            var overlay = desired.Where(p => !direct.Any(n => n.Contains(p.Value.Address))).ToDictionary(p => p.Key, p => p.Value.Overlay);
            var routes = desired.ToDictionary(p => p.Key, p => new PeerRoute(
                overlay.TryGetValue(p.Key, out var peer)
                    ? new RouteInfo(p.Key.BaseAddress, p.Key.PrefixLength, peer.Vtep, device, RouteProtocol.HumanzAgent) { OnLink = true }
                    : new RouteInfo(p.Key.BaseAddress, p.Key.PrefixLength, p.Value.Address, underlay.Index, RouteProtocol.HumanzAgent),
                p.Value.Overlay.Name));
            var entries = new PeerEntries(netlink, device, family, logger, changes);
            entries.ReconcileRoutes(routes);
            entries.ReconcileNeighbours(overlay);
            foreach (var (subnet, overlayPeer) in overlay)
            {
                overlayPeers[subnet] = overlayPeer;
            }
        }

        // One FDB entry per peer, whatever the families of its subnets: they all lead to its one VTEP MAC.
        new PeerEntries(netlink, device, options.Local.AddressFamily, logger, changes).ReconcileFdb(overlayPeers);

        // Counted from the kernel, not the wish list: a route it refused is not owned.
        changes.Owned = PeerRoutes.Families.Sum(family => netlink.ListRoutes(family).Count(r => r.Protocol == RouteProtocol.HumanzAgent));
        return changes;
    }

    /// <summary>The VTEP address of the node holding <paramref name="subnet"/>: its network address.</summary>
    public static IPAddress VtepAddress(IPNetwork subnet) => subnet.BaseAddress;

    /// <summary>The device as wanted on <paramref name="underlay"/>, made or mended; its ifindex.</summary>
    private int EnsureDevice(RtNetlink netlink, LinkInfo underlay, RouteChanges changes)
    {
        var name = options.DeviceName;
        var attributes = new VxlanAttributes(options.Vni, options.Local, options.Port, underlay.Index);
        var mtu = underlay.Mtu - options.Overhead;
        var mac = VtepMac.From(options.Local);
        var link = netlink.GetLink(name);
        if (link is not null && link.Vxlan != attributes)
        {
            // VNI, port and underlay cannot be changed on a live VXLAN: it is made again (its routes,
            // neighbours and FDB go with it and are restored below, in the same pass).
            if (link.Vxlan is { } current)
            {
                logger.LogRecreatingDevice(name, current, attributes);
            }
            else
            {
                logger.LogReplacingDeviceOfOtherKind(name, link.Kind ?? string.Empty, attributes);
            }

            netlink.DeleteLink(link.Index);
            changes.Deleted++;
            link = null;
        }

        if (link is null)
        {
            netlink.AddVxlan(name, attributes, mtu, mac);
            changes.Added++;
            link = netlink.GetLink(name)!;
        }

        if (link.Mtu != mtu)
        {
            netlink.SetMtu(link.Index, mtu);
            changes.Replaced++;
        }

        // Only when it differs: setting a VXLAN's MAC, even to the one it has, flushes its neighbour entries.
        if (!link.Mac.Equals(mac))
        {
            netlink.SetMac(link.Index, mac);
            changes.Replaced++;
        }

        if (!link.IsUp)
        {
            netlink.SetUp(link.Index);
        }

        return link.Index;
    }

    /// <summary>Exactly the <paramref name="vteps"/> (each as /32 or /128) on the device, beside the kernel's IPv6 link-local address.</summary>
    private static void EnsureVtepAddresses(RtNetlink netlink, int device, IReadOnlyList<IPAddress> vteps, RouteChanges changes)
    {
        static int HostPrefix(IPAddress address) => AddressArithmetic.BitLength(address.AddressFamily);

        var present = new HashSet<IPAddress>();
        foreach (var address in netlink.ListAddresses(device).Where(a => !a.Address.IsIPv6LinkLocal))
        {
            if (vteps.Contains(address.Address) && address.PrefixLength == HostPrefix(address.Address))
            {
                present.Add(address.Address);
                continue;
            }

            netlink.DeleteAddress(device, address.Address, address.PrefixLength);
            changes.Deleted++;
        }

        foreach (var vtep in vteps.Where(v => !present.Contains(v)))
        {
            netlink.AddAddress(device, vtep, HostPrefix(vtep), noDad: HostPrefix(vtep) == 128);
            changes.Added++;
        }
    }

    /// <summary>The subnets of the underlay interface's addresses of <paramref name="family"/>: peers there are on-link (direct routing).</summary>
    private static List<IPNetwork> UnderlaySubnets(RtNetlink netlink, int underlay, AddressFamily family) =>
        netlink.ListAddresses(underlay)
            .Where(a => a.Address.AddressFamily == family && !a.Address.IsIPv6LinkLocal)
            .Select(a => IPNetwork.Parse($"{a.Address}/{a.PrefixLength}"))
            .ToList();

    /// <summary>Each peer node's underlay address of the device's family (from its record of that family): where its VTEP is.</summary>
    private Dictionary<string, IPAddress> UnderlayAddresses(IReadOnlyList<NodeRecord> peers)
    {
        var addresses = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            if (IPAddress.TryParse(peer.Address, out var address) && address.AddressFamily == options.Local.AddressFamily)
            {
                addresses.TryAdd(peer.Name, address);
            }
        }

        return addresses;
    }

    /// <summary>
    /// The peers' subnets of <paramref name="family"/>, each with the overlay peer (its VTEP on the node's underlay
    /// address of the device's family) and the record's own address (for direct routing); a subnet two nodes claim goes
    /// to the first, a node without an underlay address of the device's family is skipped with a warning.
    /// </summary>
    private Dictionary<IPNetwork, (VxlanPeer Overlay, IPAddress Address)> DesiredPeers(IReadOnlyList<NodeRecord> peers, AddressFamily family, Dictionary<string, IPAddress> underlayAddresses)
    {
        var desired = new Dictionary<IPNetwork, (VxlanPeer Overlay, IPAddress Address)>();
        foreach (var peer in peers)
        {
            try
            {
                var (address, subnet) = peer.Parse();
                if (subnet.BaseAddress.AddressFamily != family)
                {
                    continue;
                }

                if (!underlayAddresses.TryGetValue(peer.Name, out var underlay))
                {
                    logger.LogPeerWithoutUnderlay(peer.Name, AddressFamilyName.Of(options.Local.AddressFamily), subnet);
                    continue;
                }

                if (!desired.TryAdd(subnet, (new VxlanPeer(peer.Name, underlay, subnet), address)))
                {
                    logger.LogSubnetClaimedTwice(subnet, desired[subnet].Overlay.Name, peer.Name);
                }
            }
            catch (FormatException e)
            {
                logger.LogIgnoringNodeRecord(e.Message);
            }
        }

        return desired;
    }
}
