using System.Net;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Stages.PortMap;

/// <summary>The pod's addresses with their prefix, from prevResult.ips (whichever plugin produced it).</summary>
internal sealed record ContainerAddresses(IReadOnlyList<ContainerAddress> Addresses)
{
    public static ContainerAddresses From(CniResult prevResult)
    {
        var addresses = new List<ContainerAddress>();
        foreach (var ip in prevResult.Ips ?? [])
        {
            var slash = ip.Address.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPAddress.TryParse(ip.Address.AsSpan(0, slash), out var address) || !IPNetwork.TryParse(ip.Address, out var network))
            {
                throw new CniException(CniErrorCode.InvalidConfig, $"prevResult.ips address \"{ip.Address}\" is not an address in CIDR form");
            }

            addresses.Add(new ContainerAddress(address, network));
        }

        return new ContainerAddresses(addresses);
    }
}

/// <summary>A pod address and the network it sits in (e.g. 100.100.1.5 in 100.100.1.0/24).</summary>
internal sealed record ContainerAddress(IPAddress Address, IPNetwork Network)
{
    public bool IsIpv6 => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}
