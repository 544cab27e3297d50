using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// An ordered list of ranges of one address family, one entry of host-local's "ranges". An
/// allocation takes exactly one address from each set, trying the ranges in order.
/// </summary>
internal sealed class RangeSet
{
    private RangeSet(IReadOnlyList<IpRange> ranges) => Ranges = ranges;

    public IReadOnlyList<IpRange> Ranges { get; }

    public AddressFamily Family => Ranges[0].Family;

    /// <summary>The range holding the address, or null when the address is outside the set.</summary>
    public IpRange? RangeOf(IPAddress address)
    {
        foreach (IpRange range in Ranges)
        {
            if (range.Contains(address))
            {
                return range;
            }
        }

        return null;
    }

    /// <summary>"10.0.0.0/24 (range 10.0.0.2-10.0.0.254), 10.0.1.0/24 (range ...)".</summary>
    public override string ToString() => string.Join(", ", Ranges);

    /// <summary>Checks the ranges can share one set: at least one, a single family, no overlaps.</summary>
    /// <param name="fieldPath">Where this set sits in the config, e.g. "ipam.ranges[0]"; messages start with it.</param>
    /// <exception cref="IpamConfigException">The ranges cannot form a set; the message names the range.</exception>
    public static RangeSet Create(IEnumerable<IpRange> ranges, string fieldPath = "ranges")
    {
        IpRange[] list = [.. ranges];
        if (list.Length == 0)
        {
            throw new IpamConfigException($"{fieldPath} is empty; give it at least one range with a subnet");
        }

        for (int i = 1; i < list.Length; i++)
        {
            if (list[i].Family != list[0].Family)
            {
                throw new IpamConfigException(
                    $"{fieldPath}[{i}] {list[i]} is not the same address family as {fieldPath}[0] {list[0]}; "
                    + "a range set yields one address of one family, so put it in a range set of its own");
            }

            for (int earlier = 0; earlier < i; earlier++)
            {
                if (list[i].FirstNumber <= list[earlier].LastNumber && list[earlier].FirstNumber <= list[i].LastNumber)
                {
                    throw new IpamConfigException(
                        $"{fieldPath}[{i}] {list[i]} overlaps {fieldPath}[{earlier}] {list[earlier]}; "
                        + "make their rangeStart..rangeEnd disjoint");
                }
            }
        }

        return new RangeSet(list);
    }
}
