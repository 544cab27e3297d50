using System.Text;

namespace HumanzCni.Stages.Kernel;

/// <summary>
/// Node-side link names derived from container id and ifname, so DEL finds the links without any state,
/// even after the pod's namespace is gone: a prefix and 12 hex digits of a 64-bit FNV-1a hash over
/// "containerId/ifName" (a prefix of up to 3 bytes keeps the name within the 15-byte limit).
/// </summary>
internal static class AttachmentLinkName
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    public static string For(string prefix, string containerId, string ifName)
    {
        var hash = FnvOffset;
        Mix(ref hash, containerId);
        hash = (hash ^ '/') * FnvPrime;
        Mix(ref hash, ifName);
        return prefix + (hash & 0xFFFF_FFFF_FFFF).ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Mix(ref ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * FnvPrime;
        }
    }
}
