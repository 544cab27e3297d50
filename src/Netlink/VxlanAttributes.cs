using System.Net;

namespace HumanzCni.Netlink;

/// <summary>
/// The VXLAN settings of a link (IFLA_LINKINFO/IFLA_INFO_DATA of kind "vxlan"), what `ip -d link show` prints
/// after "vxlan". Sent by <see cref="RtNetlink.AddVxlan"/> and read back into <see cref="LinkInfo.Vxlan"/>, so
/// a reconciler can compare the device it finds with the one it wants and touch only what differs.
/// </summary>
/// <param name="Vni">IFLA_VXLAN_ID, the VXLAN network identifier (24 bits).</param>
/// <param name="Local">IFLA_VXLAN_LOCAL or IFLA_VXLAN_LOCAL6: the source address of the encapsulated packets; null when unset.</param>
/// <param name="Port">IFLA_VXLAN_PORT, the UDP destination port (`dstport`; 8472 is the Linux and flannel default, 4789 the IANA one).</param>
/// <param name="UnderlayIndex">IFLA_VXLAN_LINK, the ifindex of the device the encapsulated packets leave by (`dev`); 0 when unset.</param>
/// <param name="Learning">IFLA_VXLAN_LEARNING: whether the device learns remote MACs from the packets it receives.
/// Off (`nolearning`) when a control plane programs the FDB itself.</param>
public sealed record VxlanAttributes(int Vni, IPAddress? Local, int Port, int UnderlayIndex, bool Learning = false)
{
    /// <summary>The `ip link add ... type vxlan` tail describing these settings, for error messages.</summary>
    public override string ToString() =>
        $"type vxlan id {Vni}{(Local is null ? string.Empty : $" local {Local}")} dstport {Port} {(Learning ? "learning" : "nolearning")}{(UnderlayIndex > 0 ? $" dev {UnderlayIndex}" : string.Empty)}";
}
