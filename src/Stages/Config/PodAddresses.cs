using System.Net;

namespace HumanzCni.Stages.Config;

/// <summary>
/// The addresses the ipam stage gave this attachment, one per range set, in range-set order.
/// <paramref name="HeldBefore"/>: the attachment already held an address before this ADD, i.e. an earlier ADD of
/// it got past the ipam stage and no DEL or GC has released it since.
/// </summary>
internal sealed record PodAddresses(IReadOnlyList<PodAddress> Addresses, bool HeldBefore = false);

/// <summary>One pod address with its prefix length and the gateway of its range (null when the range has none).</summary>
internal sealed record PodAddress(IPAddress Address, int PrefixLength, IPAddress? Gateway)
{
    public string Cidr => $"{Address}/{PrefixLength}";
}
