using System.Net;
using System.Text;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// host-local's lease file contents: "&lt;containerId&gt;\r\n&lt;ifName&gt;", or just the
/// container id in files from before interface names were recorded.
/// </summary>
internal static class LeaseFile
{
    private const string LineBreak = "\r\n";

    public static byte[] Format(string containerId, string ifName) =>
        Encoding.UTF8.GetBytes(containerId + LineBreak + ifName);

    public static Lease Parse(IPAddress address, string contents)
    {
        int split = contents.IndexOf(LineBreak, StringComparison.Ordinal);
        return split < 0
            ? new Lease(address, contents.Trim(), null)
            : new Lease(address, contents[..split].Trim(), contents[(split + LineBreak.Length)..].Trim());
    }

    /// <summary>Rejects ids that would break the line-based format or the file name space.</summary>
    public static void CheckAttachment(string containerId, string ifName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(ifName);
        if (containerId.AsSpan().ContainsAny('\r', '\n') || ifName.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"container id \"{containerId}\" and interface name \"{ifName}\" must be single lines");
        }
    }
}
