using System.Net.Sockets;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// `--backend host-gw`: <see cref="PeerRoutes"/> for each of <paramref name="families"/> (the ones this node
/// serves), after removing the VXLAN devices an earlier `--backend vxlan` run left (with the routes through them).
/// The other family is reconciled too, towards no peer: a node that dropped it (restarted IPv4-only after running
/// dual-stack) deletes the agent routes it left. Pods keep the --mtu.
/// </summary>
internal sealed class HostGwBackend(PeerRoutes routes, IReadOnlyList<AddressFamily> families, ILogger logger) : IPeerBackend
{
    public RouteChanges Reconcile(IReadOnlyList<NodeRecord> own, IReadOnlyList<NodeRecord> peers)
    {
        var changes = new RouteChanges();
        using var netlink = RtNetlink.Open();
        LeftoverVxlanDevices.Remove(netlink, keep: null, changes, logger);
        foreach (var family in PeerRoutes.Families)
        {
            changes.Include(routes.Reconcile(netlink, families.Contains(family) ? peers : [], family));
        }

        return changes;
    }

    public int? PodMtu(IReadOnlyList<NodeRecord> own) => null;
}
