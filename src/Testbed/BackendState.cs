using System.Net.NetworkInformation;
using System.Net.Sockets;
using HumanzCni.Netlink;

namespace HumanzCni.Testbed;

/// <summary>
/// What a node's agent keeps in the kernel for its peers, read with netlink dumps inside the node: its IPv4 routes
/// (proto 0x69) and, with `--backend vxlan`, the permanent neighbours and FDB entries on the VXLAN device.
/// </summary>
public sealed record BackendState(IReadOnlyList<AgentRoute> Routes, IReadOnlyList<OverlayNeighbour> Neighbours, IReadOnlyList<OverlayFdbEntry> Fdb)
{
    /// <summary>The VXLAN device the agent makes with the default VNI.</summary>
    public const string VxlanDevice = "humanz.1";

    public static BackendState Read(TestNamespace node) => node.Run(netlink =>
    {
        var names = netlink.ListLinks().ToDictionary(l => l.Index, l => l.Name);
        var routes = netlink.ListRoutes(AddressFamily.InterNetwork)
            .Where(r => r.Protocol == RouteProtocol.HumanzAgent)
            .Select(r => new AgentRoute($"{r.Destination}/{r.PrefixLength}", r.Gateway?.ToString() ?? "", names.GetValueOrDefault(r.OutputLinkIndex, "?"), r.OnLink))
            .ToList();
        var device = names.FirstOrDefault(n => n.Value == VxlanDevice).Key;
        if (device == 0)
        {
            return new BackendState(routes, [], []);
        }

        var neighbours = netlink.ListNeighbours(device)
            .Where(n => n.State.HasFlag(NeighbourState.Permanent) && n.Mac is not null)
            .Select(n => new OverlayNeighbour(n.Address.ToString(), n.Mac!))
            .ToList();
        var fdb = netlink.ListFdb(device)
            .Where(e => e.Destination is not null)
            .Select(e => new OverlayFdbEntry(e.Mac, e.Destination!.ToString()))
            .ToList();
        return new BackendState(routes, neighbours, fdb);
    });
}

/// <summary>An agent route: `SUBNET via GATEWAY dev DEVICE [onlink]`.</summary>
public sealed record AgentRoute(string Subnet, string Gateway, string Device, bool OnLink)
{
    public override string ToString() => $"{Subnet} via {Gateway} dev {Device}{(OnLink ? " onlink" : "")}";
}

/// <summary>A permanent neighbour on the VXLAN device: a peer's VTEP address and MAC.</summary>
public sealed record OverlayNeighbour(string Address, PhysicalAddress Mac);

/// <summary>An FDB entry on the VXLAN device: frames to a peer's VTEP MAC go in UDP to its underlay address.</summary>
public sealed record OverlayFdbEntry(PhysicalAddress Mac, string Destination);
