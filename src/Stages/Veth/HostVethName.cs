using System.Text;

namespace HumanzCni.Stages.Veth;

/// <summary>
/// The host end's name is derived from container id and ifname, so DEL finds it without any state,
/// even after the pod's namespace is gone: "hz" and 12 hex digits of a 64-bit FNV-1a hash (14 bytes, under the 15-byte limit).
/// </summary>
public static class HostVethName
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static string For(string containerId, string ifName)
    {
        var hash = FnvOffset;
        Mix(ref hash, containerId);
        hash = (hash ^ '/') * FnvPrime;
        Mix(ref hash, ifName);
        return "hz" + (hash & 0xFFFF_FFFF_FFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Mix(ref ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * FnvPrime;
        }
    }
}
