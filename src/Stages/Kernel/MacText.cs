using System.Net.NetworkInformation;

namespace HumanzCni.Stages.Kernel;

/// <summary>MACs as CNI results spell them: lower-case hex pairs joined by ':' (Go's net.HardwareAddr.String).</summary>
internal static class MacText
{
    public static string Format(PhysicalAddress mac)
    {
        var bytes = mac.GetAddressBytes();
        return bytes.Length == 0 ? "" : string.Join(':', Array.ConvertAll(bytes, b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
