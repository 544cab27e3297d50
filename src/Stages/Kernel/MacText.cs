using System.Globalization;
using System.Net.NetworkInformation;

namespace HumanzCni.Stages.Kernel;

/// <summary>MACs as CNI results spell them: lower-case hex pairs joined by ':' (Go's net.HardwareAddr.String).</summary>
internal static class MacText
{
    /// <summary>"aa:bb:cc:dd:ee:ff", written into the string itself: not a string per byte joined afterwards.</summary>
    public static string Format(PhysicalAddress mac)
    {
        var bytes = mac.GetAddressBytes();
        return bytes.Length == 0 ? "" : string.Create((bytes.Length * 3) - 1, bytes, static (text, bytes) =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                {
                    text[(i * 3) - 1] = ':';
                }

                bytes[i].TryFormat(text[(i * 3)..], out _, "x2", CultureInfo.InvariantCulture);
            }
        });
    }
}
