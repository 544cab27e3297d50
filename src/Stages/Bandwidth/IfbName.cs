using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// The ifb that shapes a pod's egress: "hzb" and the attachment's 12 hex digits (15 bytes), the same digits
/// as humanz-cni's host veth "hz..." of that attachment, so the two are easy to pair up when reading `ip link`.
/// </summary>
internal static class IfbName
{
    public const string Prefix = "hzb";

    public static string For(string containerId, string ifName) => AttachmentLinkName.For(Prefix, containerId, ifName);
}
