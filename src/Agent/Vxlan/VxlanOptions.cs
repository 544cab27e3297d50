using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Agent.Vxlan;

/// <summary>What the VXLAN backend needs to know about this node: where its underlay is, and the VXLAN to build on it.</summary>
/// <param name="UnderlayInterface">The device the encapsulated packets leave by (--node-interface).</param>
/// <param name="Local">This node's underlay address: the source of the encapsulated packets, and where peers send theirs.</param>
/// <param name="Vni">The VXLAN network identifier, the same on every node.</param>
/// <param name="Port">The UDP port, the same on every node: 8472 is the Linux (and flannel) default.</param>
/// <param name="DirectRouting">Peers on a subnet of the underlay interface get a plain route via their address
/// instead of the overlay (flannel's DirectRouting): no encapsulation where none is needed.</param>
internal sealed record VxlanOptions(string UnderlayInterface, IPAddress Local, int Vni = 1, int Port = 8472, bool DirectRouting = false)
{
    /// <summary>What every device name of the backend starts with, whatever its VNI.</summary>
    public const string DevicePrefix = "humanz.";

    /// <summary>The device's name, humanz.VNI (as flannel's flannel.1).</summary>
    public string DeviceName => $"{DevicePrefix}{Vni}";

    /// <summary>
    /// What encapsulation adds to every packet, taken off the underlay MTU: outer Ethernet 14 + outer IP
    /// (20 for IPv4, 40 for IPv6) + UDP 8 + VXLAN 8 bytes.
    /// </summary>
    public int Overhead => Local.AddressFamily == AddressFamily.InterNetworkV6 ? 70 : 50;
}
