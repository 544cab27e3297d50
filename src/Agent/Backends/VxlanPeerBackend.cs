using System.Net;
using System.Net.Sockets;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;
using HumanzCni.Agent.Vxlan;
using HumanzCni.Native;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// `--backend vxlan`: <see cref="VxlanBackend"/> on this node's underlay, which is the interface holding the
/// address of this node's record (etcd: --node-address or --node-interface's; static: the file's; Kubernetes: the
/// InternalIP), found over netlink at every pass, so a renumbered or late interface is picked up. A dual-stack node
/// has one device for both families, on its IPv4 underlay address (the smaller encapsulation, and the one every
/// node of a dual-stack cluster picks alike); a single-family node's on its only one. Removes the
/// agent's VXLAN devices of other VNIs first; host-gw routes a previous run left are replaced or deleted by the
/// backend's own route pass (every proto 0x69 route it does not want goes).
/// </summary>
internal sealed class VxlanPeerBackend(BackendOptions options, ILogger logger) : IPeerBackend
{
    public RouteChanges Reconcile(IReadOnlyList<NodeRecord> own, IReadOnlyList<NodeRecord> peers)
    {
        var changes = new RouteChanges();
        if (own.Count == 0)
        {
            // The overlay's VTEP address is computed from this node's subnet: nothing to build before it is known.
            return changes;
        }

        using var netlink = RtNetlink.Open();
        var (vxlan, problem) = Underlay(netlink, own);
        if (vxlan is null)
        {
            logger.LogVxlanUnavailable(problem);
            changes.Failures.Add($"VXLAN: {problem}");
            return changes;
        }

        LeftoverVxlanDevices.Remove(netlink, vxlan.DeviceName, changes, logger);
        try
        {
            changes.Include(new VxlanBackend(vxlan, logger).Reconcile(netlink, own.Select(o => IPNetwork.Parse(o.Subnet)).ToList(), peers));
        }
        catch (NetlinkException e)
        {
            // The device itself was refused (typically at create or up): no peer can be reached, the health says why.
            var hint = e.Errno is Errno.EADDRINUSE or Errno.EEXIST
                ? $" (is UDP port {vxlan.Port} or VNI {vxlan.Vni} already used by another VXLAN device or a program?)"
                : string.Empty;
            logger.LogVxlanSetupFailed(vxlan.DeviceName, e.Message, hint);
            changes.Failures.Add($"VXLAN: cannot set up {vxlan.DeviceName}: {e.Message}{hint}");
        }

        return changes;
    }

    /// <summary>The underlay MTU minus the encapsulation (50 bytes over IPv4, 70 over IPv6); null (logged) while the underlay is not found.</summary>
    public int? PodMtu(IReadOnlyList<NodeRecord> own)
    {
        using var netlink = RtNetlink.Open();
        var (vxlan, problem) = Underlay(netlink, own);
        if (vxlan is null)
        {
            logger.LogPodMtuUnknown(problem);
            return null;
        }

        return netlink.GetLink(vxlan.UnderlayInterface) is { } link ? link.Mtu - vxlan.Overhead : null;
    }

    /// <summary>The VXLAN settings on the interface holding this node's underlay address (IPv4 first), or why there are none.</summary>
    private (VxlanOptions? Options, string? Problem) Underlay(RtNetlink netlink, IReadOnlyList<NodeRecord> own)
    {
        var local = own.Select(o => IPAddress.TryParse(o.Address, out var address) ? address : null).OfType<IPAddress>()
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .FirstOrDefault();
        if (local is null)
        {
            return (null, $"this node ({own[0].Name}) has no underlay address: '{string.Join("', '", own.Select(o => o.Address))}'");
        }

        var holder = netlink.ListAddresses(0).FirstOrDefault(a => a.Address.Equals(local));
        var link = holder is null ? null : netlink.GetLink(holder.LinkIndex);
        return link is null
            ? (null, $"no interface in this network namespace holds this node's underlay address {local}")
            : (new VxlanOptions(link.Name, local, options.Vni, options.Port, options.DirectRouting), null);
    }
}
