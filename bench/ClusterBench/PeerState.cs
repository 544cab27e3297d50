using System.Net.Sockets;
using HumanzCni.Netlink;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>What the agent installed in a node for its peers, counted from netlink dumps.</summary>
/// <param name="Routes">IPv4 routes with the agent's protocol.</param>
/// <param name="Fdb">FDB entries with a destination on the VXLAN device (0 with host-gw).</param>
/// <param name="Neighbours">Permanent neighbours on the VXLAN device (0 with host-gw).</param>
internal sealed record PeerState(int Routes, int Fdb, int Neighbours)
{
    /// <summary>The VXLAN device the agent makes with the default VNI.</summary>
    public const string VxlanDevice = "humanz.1";

    /// <summary>Whether <paramref name="peers"/> peers are fully installed: a route each and, with vxlan, an FDB entry and a neighbour each.</summary>
    public bool Has(int peers, bool vxlan) => Routes == peers && (!vxlan || (Fdb == peers && Neighbours == peers));

    public static PeerState Read(TestNamespace node) => node.Run(netlink =>
    {
        var routes = netlink.ListRoutes(AddressFamily.InterNetwork).Count(r => r.Protocol == RouteProtocol.HumanzAgent);
        var device = netlink.ListLinks().FirstOrDefault(l => l.Name == VxlanDevice);
        if (device is null)
        {
            return new PeerState(routes, 0, 0);
        }

        var fdb = netlink.ListFdb(device.Index).Count(e => e.Destination is not null);
        var neighbours = netlink.ListNeighbours(device.Index).Count(n => n.State.HasFlag(NeighbourState.Permanent));
        return new PeerState(routes, fdb, neighbours);
    });

    public override string ToString() => $"{Routes} routes, {Fdb} fdb, {Neighbours} neighbours";
}
