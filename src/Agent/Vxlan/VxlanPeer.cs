using System.Net;
using System.Net.NetworkInformation;

namespace HumanzCni.Agent.Vxlan;

/// <summary>A peer as the overlay sees it: where its pods are, and the VTEP address and MAC that lead there.</summary>
internal sealed record VxlanPeer(string Name, IPAddress Underlay, IPNetwork Subnet)
{
    public IPAddress Vtep => VxlanBackend.VtepAddress(Subnet);

    public PhysicalAddress Mac => VtepMac.From(Underlay);
}
