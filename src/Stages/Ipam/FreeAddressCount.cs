using System.Net;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// Counts addresses that could still be handed out, by arithmetic on range sizes rather than by
/// walking them, so an IPv6 /64 costs no more than an IPv4 /24.
/// </summary>
internal static class FreeAddressCount
{
    private static readonly UInt128 Cap = long.MaxValue;

    public static long Of(IEnumerable<RangeSet> rangeSets, IReadOnlySet<IPAddress> leased)
    {
        UInt128 free = 0;
        foreach (RangeSet set in rangeSets)
        {
            free = SaturatingAdd(free, Of(set, leased));
        }

        return (long)free;
    }

    /// <summary>The count for one set, at most <see cref="Cap"/>.</summary>
    public static UInt128 Of(RangeSet set, IReadOnlySet<IPAddress> leased)
    {
        UInt128 size = 0;
        foreach (IpRange range in set.Ranges)
        {
            size = SaturatingAdd(size, range.Size);
        }

        // A leased gateway (left from an older config) must not be subtracted twice.
        HashSet<IPAddress> unavailable = [.. set.Ranges.Select(range => range.Gateway).OfType<IPAddress>()];
        unavailable.UnionWith(leased);
        long taken = unavailable.Count(address => set.RangeOf(address) is not null);
        return size - UInt128.Min(size, (UInt128)taken);
    }

    private static UInt128 SaturatingAdd(UInt128 a, UInt128 b) => b >= Cap - UInt128.Min(a, Cap) ? Cap : a + b;
}
