using System.Net;

namespace HumanzCni.Stages.Config;

/// <summary>The addresses the ipam stage gave this attachment, one per range set, in range-set order.</summary>
public sealed record PodAddresses(IReadOnlyList<PodAddress> Addresses);

/// <summary>One pod address with its prefix length and the gateway of its range (null when the range has none).</summary>
public sealed record PodAddress(IPAddress Address, int PrefixLength, IPAddress? Gateway)
{
    public string Cidr => $"{Address}/{PrefixLength}";
}
