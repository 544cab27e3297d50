using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Agent.Hosting;

/// <summary>One of --cluster-cidr's ranges with its --subnet-size: the pod range of one address family, cut into node subnets.</summary>
internal sealed record ClusterRange(IPNetwork Range, int SubnetSize)
{
    public AddressFamily Family => Range.BaseAddress.AddressFamily;

    /// <summary>The node subnet size when --subnet-size is not given: /24 for IPv4, /64 for IPv6 (flannel's defaults).</summary>
    public static int DefaultSize(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 64 : 24;
}
