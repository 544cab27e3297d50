using System.Globalization;
using System.Net;
using HumanzCni.Addressing;

namespace HumanzCni.Agent.Subnets;

/// <summary>
/// The cluster's pod range cut into equal node subnets (e.g. 100.100.0.0/16 into 256 /24s), in address
/// order, and the etcd key each one is leased under.
/// </summary>
internal sealed class SubnetPool
{
    /// <summary>The etcd prefix every subnet lease lives under.</summary>
    public const string KeyPrefix = "/humanz-cni/subnets/";

    /// <summary>More subnets than this is a mistake (a /8 cut into /30s), not a cluster: refused so a scan stays cheap.</summary>
    public const int MaxSubnets = 1 << 16;

    public SubnetPool(IPNetwork range, int subnetPrefixLength)
    {
        var bits = AddressArithmetic.BitLength(range.BaseAddress.AddressFamily);
        if (subnetPrefixLength < range.PrefixLength || subnetPrefixLength > bits)
        {
            throw new ArgumentException($"subnet size /{subnetPrefixLength} does not fit the cluster range {range} (it must be between /{range.PrefixLength} and /{bits})");
        }

        if (subnetPrefixLength - range.PrefixLength > 16)
        {
            throw new ArgumentException($"cluster range {range} holds more than {MaxSubnets} /{subnetPrefixLength} subnets: use bigger node subnets");
        }

        Range = range;
        SubnetPrefixLength = subnetPrefixLength;
        Count = 1 << (subnetPrefixLength - range.PrefixLength);
    }

    public IPNetwork Range { get; }

    public int SubnetPrefixLength { get; }

    public int Count { get; }

    /// <summary>The index-th subnet in address order.</summary>
    public IPNetwork this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var family = Range.BaseAddress.AddressFamily;
            var step = UInt128.One << (AddressArithmetic.BitLength(family) - SubnetPrefixLength);
            var first = AddressArithmetic.ToNumber(Range.BaseAddress) + (step * (uint)index);
            return new IPNetwork(AddressArithmetic.FromNumber(first, family), SubnetPrefixLength);
        }
    }

    /// <summary>True when <paramref name="subnet"/> is exactly one of this pool's subnets.</summary>
    public bool Contains(IPNetwork subnet) =>
        subnet.PrefixLength == SubnetPrefixLength
        && subnet.BaseAddress.AddressFamily == Range.BaseAddress.AddressFamily
        && Range.Contains(subnet.BaseAddress);

    /// <summary>/humanz-cni/subnets/100.100.1.0-24: the CIDR with '-' for '/', so the key stays one path segment (as flannel's).</summary>
    public static string KeyOf(IPNetwork subnet) =>
        KeyPrefix + subnet.BaseAddress + "-" + subnet.PrefixLength.ToString(CultureInfo.InvariantCulture);

    /// <summary>The subnet a lease key names; false for keys that are not subnet leases.</summary>
    public static bool TryParseKey(string key, out IPNetwork subnet)
    {
        subnet = default;
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = key[KeyPrefix.Length..];
        var dash = name.LastIndexOf('-');
        return dash > 0
            && IPNetwork.TryParse($"{name[..dash]}/{name[(dash + 1)..]}", out subnet)
            && subnet.BaseAddress.ToString() == name[..dash];
    }
}
