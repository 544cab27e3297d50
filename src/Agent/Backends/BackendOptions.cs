namespace HumanzCni.Agent.Backends;

/// <summary>How pods reach the other nodes' pods: --backend and the VXLAN options (--vxlan-vni, --vxlan-port, --direct-routing).</summary>
/// <param name="Kind">host-gw routes, or a VXLAN overlay.</param>
/// <param name="Vni">The VXLAN network identifier, the same on every node.</param>
/// <param name="Port">The VXLAN UDP port, the same on every node.</param>
/// <param name="DirectRouting">With VXLAN: peers on this node's own underlay subnet get plain host-gw routes, only the rest go over VXLAN.</param>
internal sealed record BackendOptions(BackendKind Kind = BackendKind.HostGw, int Vni = 1, int Port = 8472, bool DirectRouting = false);

/// <summary>The value of --backend.</summary>
internal enum BackendKind
{
    /// <summary>`host-gw`: `SUBNET via NODE-ADDRESS` per peer; every peer must be on-link.</summary>
    HostGw,

    /// <summary>`vxlan`: a VXLAN device and per peer an onlink route, a neighbour and an FDB entry.</summary>
    Vxlan,
}
