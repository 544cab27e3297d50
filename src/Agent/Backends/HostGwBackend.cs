using System.Net.Sockets;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// `--backend host-gw`: <see cref="PeerRoutes"/> for each of <paramref name="families"/>, after removing the
/// VXLAN devices an earlier `--backend vxlan` run left (with the routes through them). Pods keep the --mtu.
/// </summary>
internal sealed class HostGwBackend(PeerRoutes routes, IReadOnlyList<AddressFamily> families, ILogger logger) : IPeerBackend
{
    public RouteChanges Reconcile(IReadOnlyList<NodeRecord> own, IReadOnlyList<NodeRecord> peers)
    {
        var changes = new RouteChanges();
        using (var netlink = RtNetlink.Open())
        {
            LeftoverVxlanDevices.Remove(netlink, keep: null, changes, logger);
        }

        foreach (var family in families)
        {
            changes.Include(routes.Reconcile(peers, family));
        }

        return changes;
    }

    public int? PodMtu(IReadOnlyList<NodeRecord> own) => null;
}
