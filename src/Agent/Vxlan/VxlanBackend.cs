using System.Net;
using System.Net.Sockets;
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
/// <item>its VTEP address: the network address of this node's own subnet, as /32 (/128). Flannel does the same:
/// the IPAM never hands out the network address and the pods' bridge holds the first one, so it is free, and
/// it is computable by every peer from the subnet alone;</item>
/// <item>per peer: `SUBNET via VTEP dev humanz.VNI onlink proto 0x69`, a permanent neighbour VTEP → the peer's
/// VTEP MAC, and an FDB entry that MAC → the peer's underlay address; with <see cref="VxlanOptions.DirectRouting"/>,
/// a peer on a subnet of the underlay interface gets `SUBNET via ADDRESS dev UNDERLAY proto 0x69` instead.</item>
/// </list>
/// What it owns is identifiable, so whatever a departed peer left is deleted: routes by protocol
/// <see cref="RouteProtocol.HumanzAgent"/> (of this node's underlay family; as with <see cref="PeerRoutes"/>, a
/// route to a peer's subnet someone else made is left alone), permanent neighbours and FDB entries by being on
/// the device.
/// </summary>
public sealed class VxlanBackend(VxlanOptions options, ILogger logger)
{
    /// <summary>
    /// One pass towards <paramref name="peers"/> (the other nodes; records of the other family or malformed are
    /// skipped) with <paramref name="ownSubnet"/> as this node's subnet. Returns how many kernel objects (device,
    /// address, routes, neighbours, FDB entries) it added, replaced or deleted. A kernel refusal of the device or
    /// its address throws <see cref="NetlinkException"/>; one of a peer's entries is logged and retried next pass.
    /// </summary>
    public RouteChanges Reconcile(IPNetwork ownSubnet, IReadOnlyList<NodeRecord> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        if (ownSubnet.BaseAddress.AddressFamily != options.Local.AddressFamily)
        {
            // A node record pairs an address and a subnet of one family (NodeRecord.Parse), so this is a wiring error.
            throw new ArgumentException($"subnet {ownSubnet} and underlay address {options.Local} are of different families", nameof(ownSubnet));
        }

        using var netlink = RtNetlink.Open();
        var changes = new RouteChanges();
        var underlay = netlink.GetLink(options.UnderlayInterface);
        if (underlay is null)
        {
            logger.LogError("VXLAN: no underlay interface {Interface} in this network namespace", options.UnderlayInterface);
            changes.Failures.Add($"VXLAN: no underlay interface {options.UnderlayInterface} in this network namespace");
            return changes;
        }

        var device = EnsureDevice(netlink, underlay, changes);
        EnsureVtepAddress(netlink, device, VtepAddress(ownSubnet), changes);
        var desired = DesiredPeers(peers);
        var direct = options.DirectRouting ? UnderlaySubnets(netlink, underlay.Index) : [];
        var overlay = desired.Where(p => !direct.Any(n => n.Contains(p.Value.Underlay))).ToDictionary();
        var routes = desired.ToDictionary(p => p.Key, p => new PeerRoute(
            overlay.ContainsKey(p.Key)
                ? new RouteInfo(p.Key.BaseAddress, p.Key.PrefixLength, p.Value.Vtep, device, RouteProtocol.HumanzAgent) { OnLink = true }
                : new RouteInfo(p.Key.BaseAddress, p.Key.PrefixLength, p.Value.Underlay, underlay.Index, RouteProtocol.HumanzAgent),
            p.Value.Name));
        var entries = new PeerEntries(netlink, device, options.Local.AddressFamily, logger, changes);
        entries.ReconcileRoutes(routes);
        entries.ReconcileNeighbours(overlay);
        entries.ReconcileFdb(overlay);
        // Counted from the kernel, not the wish list: a route it refused is not owned.
        changes.Owned = netlink.ListRoutes(options.Local.AddressFamily).Count(r => r.Protocol == RouteProtocol.HumanzAgent);
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
            logger.LogInformation("VXLAN: {Device} is {Current}, wanted {Wanted}: recreating it", name, link.Vxlan?.ToString() ?? $"of kind {link.Kind}", attributes);
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

    /// <summary>Exactly <paramref name="vtep"/> (as /32 or /128) on the device, beside the kernel's IPv6 link-local address.</summary>
    private static void EnsureVtepAddress(RtNetlink netlink, int device, IPAddress vtep, RouteChanges changes)
    {
        var hostPrefix = vtep.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var present = false;
        foreach (var address in netlink.ListAddresses(device).Where(a => !a.Address.IsIPv6LinkLocal))
        {
            if (address.Address.Equals(vtep) && address.PrefixLength == hostPrefix)
            {
                present = true;
                continue;
            }

            netlink.DeleteAddress(device, address.Address, address.PrefixLength);
            changes.Deleted++;
        }

        if (!present)
        {
            netlink.AddAddress(device, vtep, hostPrefix, noDad: hostPrefix == 128);
            changes.Added++;
        }
    }

    /// <summary>The subnets of the underlay interface's addresses of this node's family: peers there are on-link (direct routing).</summary>
    private List<IPNetwork> UnderlaySubnets(RtNetlink netlink, int underlay) =>
        netlink.ListAddresses(underlay)
            .Where(a => a.Address.AddressFamily == options.Local.AddressFamily && !a.Address.IsIPv6LinkLocal)
            .Select(a => IPNetwork.Parse($"{a.Address}/{a.PrefixLength}"))
            .ToList();

    /// <summary>The peers of this node's underlay family, by subnet; a subnet two nodes claim goes to the first.</summary>
    private Dictionary<IPNetwork, VxlanPeer> DesiredPeers(IReadOnlyList<NodeRecord> peers)
    {
        var desired = new Dictionary<IPNetwork, VxlanPeer>();
        foreach (var peer in peers)
        {
            try
            {
                var (address, subnet) = peer.Parse();
                if (address.AddressFamily == options.Local.AddressFamily && !desired.TryAdd(subnet, new VxlanPeer(peer.Name, address, subnet)))
                {
                    logger.LogWarning("two nodes claim {Subnet}; sending it to {Node}, ignoring node {Other}", subnet, desired[subnet].Name, peer.Name);
                }
            }
            catch (FormatException e)
            {
                logger.LogWarning("ignoring node record: {Reason}", e.Message);
            }
        }

        return desired;
    }
}
