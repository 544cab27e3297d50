using System.Net;
using HumanzCni.Addressing;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// The order in which a range set's addresses are tried, round robin like host-local: start
/// just after the last address handed out, run to the end of the ranges, wrap around to the
/// first range's start and stop having offered the last handed-out address last. So a freshly
/// released address is not handed out again until the rest of the set has been used, which
/// keeps stale state of a deleted pod (ARP caches, conntrack entries) away from a new one.
/// Gateways are never offered.
/// </summary>
internal static class RangeSetWalk
{
    public static IEnumerable<IPAddress> Candidates(RangeSet set, IPAddress? lastReserved)
    {
        IReadOnlyList<IpRange> ranges = set.Ranges;
        (int startIndex, UInt128 startNumber) = StartAfter(ranges, lastReserved);
        // One gateway per range at most, so a list: a HashSet<UInt128> would hash with HashCode, whose random seed costs a
        // read of /dev/urandom on the first use in the process.
        var gateways = new List<UInt128>(ranges.Count);
        foreach (IpRange range in ranges)
        {
            if (range.GatewayNumber is { } gateway)
            {
                gateways.Add(gateway);
            }
        }

        for (int step = 0; step < ranges.Count; step++)
        {
            IpRange range = ranges[(startIndex + step) % ranges.Count];
            UInt128 from = step == 0 ? startNumber : range.FirstNumber;
            foreach (IPAddress address in Between(range, from, range.LastNumber, gateways))
            {
                yield return address;
            }
        }

        IpRange wrapped = ranges[startIndex];
        if (startNumber > wrapped.FirstNumber)
        {
            foreach (IPAddress address in Between(wrapped, wrapped.FirstNumber, startNumber - 1, gateways))
            {
                yield return address;
            }
        }
    }

    private static (int RangeIndex, UInt128 Number) StartAfter(IReadOnlyList<IpRange> ranges, IPAddress? lastReserved)
    {
        for (int i = 0; lastReserved is not null && i < ranges.Count; i++)
        {
            if (!ranges[i].Contains(lastReserved))
            {
                continue;
            }

            UInt128 last = AddressArithmetic.ToNumber(lastReserved);
            if (last < ranges[i].LastNumber)
            {
                return (i, last + 1);
            }

            int next = (i + 1) % ranges.Count;
            return (next, ranges[next].FirstNumber);
        }

        // Nothing handed out yet, or the config changed since: begin at the beginning.
        return (0, ranges[0].FirstNumber);
    }

    /// <summary>from..to inclusive; written so that to == UInt128.MaxValue cannot overflow.</summary>
    private static IEnumerable<IPAddress> Between(IpRange range, UInt128 from, UInt128 to, List<UInt128> gateways)
    {
        for (UInt128 number = from; ; number++)
        {
            if (!IsAmong(number, gateways))
            {
                yield return AddressArithmetic.FromNumber(number, range.Family);
            }

            if (number == to)
            {
                yield break;
            }
        }
    }

    private static bool IsAmong(UInt128 number, List<UInt128> numbers)
    {
        foreach (UInt128 candidate in numbers)
        {
            if (candidate == number)
            {
                return true;
            }
        }

        return false;
    }
}
