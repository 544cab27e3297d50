using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Routing;

/// <summary>
/// Host routes to the other nodes' pod subnets (the design's `ip route add 100.100.2.0/24 via 200.0.0.30`).
/// Replace makes it idempotent and follows a peer whose address changed. The routes belong to the node,
/// not to one pod, so neither undo nor DEL removes them; they carry <see cref="RouteProtocol.HumanzCni"/>
/// so their owner is visible (`ip route show proto 0x68`).
/// </summary>
internal sealed class RouteStage : IStage
{
    public string Name => "route";

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf)];

    public void Add(StageContext context)
    {
        var netlink = context.HostNetlink();
        foreach (var peer in context.Get<HumanzNetConf>().Peers)
        {
            netlink.ReplaceRoute(ToRoute(peer));
        }
    }

    public void Check(StageContext context)
    {
        var netlink = context.HostNetlink();
        foreach (var peer in context.Get<HumanzNetConf>().Peers)
        {
            var present = netlink.ListRoutes(peer.Subnet.BaseAddress.AddressFamily);
            if (!present.Any(r => r.Destination.Equals(peer.Subnet.BaseAddress) && r.PrefixLength == peer.Subnet.PrefixLength && Equals(r.Gateway, peer.Via)))
            {
                throw new CniException(HumanzErrorCode.CheckFailed, $"node route {peer.Subnet} via {peer.Via} is missing");
            }
        }
    }

    private static RouteInfo ToRoute(Peer peer) =>
        new(peer.Subnet.BaseAddress, peer.Subnet.PrefixLength, peer.Via, Protocol: RouteProtocol.HumanzCni);
}
