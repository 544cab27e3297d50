using System.Net;

namespace HumanzCni.Addressing;

/// <summary>CIDR text read strictly: a prefix length is required and host bits must be zero.</summary>
internal static class CidrText
{
    /// <summary>
    /// Like IPNetwork.TryParse, except that text with host bits set (10.0.0.1/8) or without a prefix length
    /// is refused: IPNetwork quietly clears host bits, which would turn a typo into another network.
    /// </summary>
    public static bool TryParseExact(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0
            && IPNetwork.TryParse(text, out network)
            && IPAddress.TryParse(text.AsSpan(0, slash), out var written)
            && written.Equals(network.BaseAddress);
    }
}
