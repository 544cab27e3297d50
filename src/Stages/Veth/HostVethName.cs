using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Veth;

/// <summary>The host end of the pod's veth: "hz" and the attachment's 12 hex digits (see <see cref="AttachmentLinkName"/>), 14 bytes.</summary>
internal static class HostVethName
{
    public const string Prefix = "hz";

    public static string For(string containerId, string ifName) => AttachmentLinkName.For(Prefix, containerId, ifName);
}
